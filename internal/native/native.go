// Package native connects package harness to mutator/libfuzzer, which
// imports it, for fuzz functions of the form func FuzzX(f *testing.F) that
// go-118-fuzz-build (OSS-Fuzz's compile_native_go_fuzzer) turns into
// libFuzzer targets: there Harness.Fuzz is called once per input, and the
// input must reach the libFuzzer target that owns the harness, whose custom
// mutator made it.
package native

import "sync/atomic"

// Runner runs data through the libFuzzer target of harness h, and reports
// false, running nothing, when h has none.
type Runner func(h any, data []byte) (int, bool)

var runner atomic.Pointer[Runner]

// SetRunner installs fn. mutator/libfuzzer installs its runner when it is
// linked.
func SetRunner(fn Runner) { runner.Store(&fn) }

// Run runs data through the libFuzzer target of harness h. It reports
// false, running nothing, when no runner is installed or h has no target.
func Run(h any, data []byte) (int, bool) {
	fn := runner.Load()
	if fn == nil {
		return 0, false
	}
	return (*fn)(h, data)
}
