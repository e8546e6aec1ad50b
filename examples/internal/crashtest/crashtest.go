// Package crashtest holds what the examples' tests share: asserting that a
// planted bug still panics, on a hand-built input and on a crash input the
// fuzzer found and that is checked in under testdata/crash.
package crashtest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/harness"
)

// Panics runs fn and returns the message of its panic (an error's text,
// or fmt.Sprint of any other value). It fails t if fn returns normally.
func Panics(t testing.TB, fn func()) (msg string) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("no panic")
		}
		if err, ok := r.(error); ok {
			msg = err.Error()
		} else {
			msg = fmt.Sprint(r)
		}
	}()
	fn()
	return ""
}

// MustPanic fails t unless fn panics with a message containing want.
func MustPanic(t testing.TB, want string, fn func()) {
	t.Helper()
	if msg := Panics(t, fn); !strings.Contains(msg, want) {
		t.Fatalf("panic %q, want one containing %q", msg, want)
	}
}

// Load reads the crash input in file and decodes it with h as the fuzz
// target does (strictly, then post-processed), failing t if it cannot.
func Load[T any](t testing.TB, h *harness.Harness[T], file string) *T {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.Check(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Replay loads the crash input in file (see Load) and fails t unless check
// panics on it with a message containing want.
func Replay[T any](t testing.TB, h *harness.Harness[T], check func(*T), file, want string) {
	t.Helper()
	v := Load(t, h, file)
	MustPanic(t, want, func() { check(v) })
}
