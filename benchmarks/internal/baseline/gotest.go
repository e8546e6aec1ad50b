package baseline

import (
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/harness"
)

// RecordEnv names the file where GoTest writes how many executions and
// seconds the fuzzing worker took to reach a crash. `go test -fuzz` does
// not report that itself; the suite reads the file.
const RecordEnv = "SFBENCH_RECORD"

var (
	execs atomic.Int64
	start = time.Now()
)

// GoTest drives fn under `go test -fuzz` through structfuzz's harness,
// whose Fuzz decodes every input leniently (configuration e). It counts
// the executions of the process, and when fn panics it writes
// "EXECS SECONDS" to the file named by $SFBENCH_RECORD before letting the
// panic go on to the fuzzing engine.
func GoTest[T any](f *testing.F, fn func(*T)) {
	h := harness.New(Counted(fn), harness.Options{RawBytes: true})
	h.Fuzz(f)
}

// GoTestSteps is GoTest with the harness's structure-aware go test -fuzz
// inputs: a base value and typed mutations that step words seed
// (configuration h; see harness.Harness.Fuzz).
func GoTestSteps[T any](f *testing.F, fn func(*T)) {
	h := harness.New(Counted(fn), harness.Options{TypedSteps: true})
	h.Fuzz(f)
}

// Counted wraps fn to count its executions and record the count on a
// panic (see GoTest).
func Counted[T any](fn func(*T)) func(*T) {
	return func(v *T) {
		n := execs.Add(1)
		defer func() {
			if r := recover(); r != nil {
				record(n, time.Since(start))
				panic(r)
			}
		}()
		fn(v)
	}
}

// record writes the first crash's numbers; later crashes of the same run
// (the engine re-running the input to minimise it) do not overwrite them.
func record(n int64, d time.Duration) {
	name := os.Getenv(RecordEnv)
	if name == "" {
		return
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return
	}
	fmt.Fprintf(f, "%d %.3f\n", n, d.Seconds())
	f.Close()
}
