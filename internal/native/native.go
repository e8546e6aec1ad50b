// Package native connects package harness to mutator/libfuzzer, which
// imports it, where each needs the other:
//
//   - For fuzz functions of the form func FuzzX(f *testing.F) that
//     go-118-fuzz-build (OSS-Fuzz's compile_native_go_fuzzer) turns into
//     libFuzzer targets: there Harness.Fuzz is called once per input, and
//     the input must reach the libFuzzer target that owns the harness,
//     whose custom mutator made it (Run).
//   - For the structfuzz command's helper programs: libfuzzer.ToolMain
//     knows the registered target, harness the commands (ToolMain).
package native

import (
	"fmt"
	"io"
	"sync/atomic"
)

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

// ToolMainFunc is package harness's main function of the structfuzz
// command's helper programs: it answers args for target t (a
// *harness.Harness[T], or nil when the binary registers none).
type ToolMainFunc func(t any, args []string, stdin io.Reader, stdout, stderr io.Writer) int

var toolMain atomic.Pointer[ToolMainFunc]

// SetToolMain installs package harness's helper main; harness does so at
// initialisation.
func SetToolMain(fn ToolMainFunc) { toolMain.Store(&fn) }

// ToolMain runs the helper main that harness installed.
func ToolMain(t any, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fn := toolMain.Load()
	if fn == nil {
		fmt.Fprintln(stderr, "structfuzz: internal error: package harness installed no helper main")
		return 2
	}
	return (*fn)(t, args, stdin, stdout, stderr)
}
