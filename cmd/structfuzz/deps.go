package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// installHint says what to install, and the way to fuzz without clang.
const installHint = `structfuzz builds libFuzzer binaries with clang and libFuzzer. On Debian or Ubuntu:
  apt-get install clang libfuzzer-14-dev
(any clang from 11 on with its libFuzzer works; set CC to choose one).
Without clang, fuzz with the Go toolchain instead: in a _test.go file of the package,
  func FuzzTarget(f *testing.F) { target.Harness().Fuzz(f, "testdata/structfuzz/corpus") }
then run: go test -fuzz=FuzzTarget`

// findClang returns the C compiler to link with: $CC if it names clang,
// else clang on PATH.
func findClang() (string, error) {
	if cc := os.Getenv("CC"); strings.Contains(cc, "clang") {
		if path, err := exec.LookPath(cc); err == nil {
			return path, nil
		}
	}
	if path, err := exec.LookPath("clang"); err == nil {
		return path, nil
	}
	return "", fmt.Errorf("clang not found.\n%s", installHint)
}

// linkError explains a failed link, which is most often a missing
// libFuzzer runtime.
func linkError(clang string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "fuzzer") && (strings.Contains(msg, "No such file") || strings.Contains(msg, "cannot find") || strings.Contains(msg, "not found")) {
		return fmt.Errorf("linking with %s -fsanitize=fuzzer failed: the libFuzzer runtime is missing.\n%s\n\n%s", clang, installHint, msg)
	}
	return fmt.Errorf("linking with %s -fsanitize=fuzzer failed: %s", clang, msg)
}
