package sample

import "testing"

// FuzzMsg is the planted bug's target as a go test fuzz function: go test
// -fuzz runs it, and go-118-fuzz-build (OSS-Fuzz's
// compile_native_go_fuzzer) builds it into a libFuzzer binary that fuzzes
// with structfuzz's custom mutator. go-118-fuzz-build rewrites the testing
// import of the file that holds it, so it has a file of its own.
func FuzzMsg(f *testing.F) { target.Harness().Fuzz(f, "testdata/structfuzz/corpus") }
