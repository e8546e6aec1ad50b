//go:build tools

// Package tools pins the versions of the tools CI installs, in a module of
// its own so that users of structfuzz do not inherit them:
//
//	cd tools && go install github.com/dvyukov/go-fuzz/go-fuzz-build
package tools

import (
	_ "github.com/dvyukov/go-fuzz/go-fuzz-build"
)
