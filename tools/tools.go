//go:build tools

// Package tools pins the versions of the tools CI installs, in a module of
// its own so that users of structfuzz do not inherit them:
//
//	cd tools && go install github.com/dvyukov/go-fuzz/go-fuzz-build github.com/AdamKorcz/go-118-fuzz-build
//
// go-118-fuzz-build is what OSS-Fuzz's compile_native_go_fuzzer runs to
// turn a func FuzzX(f *testing.F) into a libFuzzer target.
package tools

import (
	_ "github.com/AdamKorcz/go-118-fuzz-build"
	_ "github.com/dvyukov/go-fuzz/go-fuzz-build"
)
