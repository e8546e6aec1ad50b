package main

import (
	"fmt"
	"strings"
)

// The go build flags of the native mode with -uninstrumented none: the Go
// toolchain's libFuzzer instrumentation for everything but structfuzz
// itself, syscall, and the reflection and locking packages the mutator
// runs through. Without the flag, -gcflags=std=-d=libfuzzer=0 follows.
func Example_nativeFlags() {
	for _, f := range nativeFlags("", nil) {
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
	// -gcflags=reflect=-d=libfuzzer=0
	// -gcflags=internal/reflectlite=-d=libfuzzer=0
	// -gcflags=internal/abi=-d=libfuzzer=0
	// -gcflags=sync=-d=libfuzzer=0
	// -gcflags=sync/atomic=-d=libfuzzer=0
	// -gcflags=internal/sync=-d=libfuzzer=0
	// -gcflags=math/rand/v2=-d=libfuzzer=0
}

// -uninstrumented std,example.com/app/render/... adds one exclusion per
// pattern, after the ones structfuzz always makes.
func Example_nativeFlagsUninstrumented() {
	flags := nativeFlags("", []string{"std", "example.com/app/render/..."})
	for _, f := range flags[len(flags)-2:] {
		fmt.Println(f)
	}
	// Output:
	// -gcflags=std=-d=libfuzzer=0
	// -gcflags=example.com/app/render/...=-d=libfuzzer=0
}
