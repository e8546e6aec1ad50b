//go:build gofuzz_libfuzzer

package sample

// go-118-fuzz-build replaces the testing package of the fuzz function's
// file with this one, which the module must require.
import _ "github.com/AdamKorcz/go-118-fuzz-build/testing"
