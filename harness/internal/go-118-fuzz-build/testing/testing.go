// Package testing stands in for github.com/AdamKorcz/go-118-fuzz-build/testing
// in harness's tests: its F has the same shape, one libFuzzer input in
// Data, and its import path ends the same way.
package testing

import "fmt"

// F is one execution of a fuzz function built by go-118-fuzz-build.
type F struct {
	Data []byte
	// Logged collects what Log and Fatal were given.
	Logged []string
}

// Helper does nothing.
func (f *F) Helper() {}

// Fatal records its arguments; go-118-fuzz-build's F does nothing more.
func (f *F) Fatal(args ...any) { f.Logged = append(f.Logged, fmt.Sprint(args...)) }

// Log records its arguments.
func (f *F) Log(args ...any) { f.Logged = append(f.Logged, fmt.Sprint(args...)) }

// Add does nothing, as go-118-fuzz-build's.
func (f *F) Add(args ...any) {}

// Fuzz panics: go-118-fuzz-build's would build the fuzz function's
// arguments from Data with go-fuzz-headers, not hand Data over as it is,
// so Harness.Fuzz must never call it.
func (f *F) Fuzz(ff any) { panic("Fuzz called on go-118-fuzz-build's F") }
