package main

import (
	"fmt"
	"strings"
)

// The go build flags of the native mode: the Go toolchain's libFuzzer
// instrumentation for everything but structfuzz itself and syscall.
func Example_nativeFlags() {
	for _, f := range nativeFlags("") {
		if !strings.Contains(f, "structfuzz/") {
			fmt.Println(f)
		}
	}
	// Output:
	// -buildmode=c-archive
	// -trimpath
	// -tags=gofuzz,libfuzzer
	// -gcflags=all=-d=libfuzzer
	// -gcflags=syscall=-d=libfuzzer=0
}
