package harness

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

// watchdog watches the mutation pipeline for a hook that never returns.
// libFuzzer's -timeout covers the target only; a Mutate hook stuck in a
// loop would hang the fuzzer with no message. The pipeline marks where it
// is (enter, stage, leave); a goroutine started on first use checks the
// mark and reports a call that has run past the timeout.
type watchdog struct {
	timeout time.Duration
	report  func(*HookFailure) // the harness's reaction: see Options.OnHookFailure
	input   func(data []byte) []byte

	start sync.Once
	mu    sync.Mutex
	op    string // the pipeline operation running, "" when idle
	hook  string // the kind of hook that may be running
	since time.Time
	a, b  []byte // the operation's inputs (not copies: see enter)
	pre   []byte // during PostProcess, the value before it, encoded
	seed  uint64
	max   int
	fired bool
}

// enter marks the start of a pipeline operation whose first hooks are of
// kind hook. a and b are not copied: their owner does not change them
// while the operation runs, which is all the watchdog reads them for.
func (w *watchdog) enter(op, hook string, a, b []byte, seed uint64, maxSize int) {
	if w.timeout <= 0 {
		return
	}
	w.start.Do(func() { go w.loop() })
	w.mu.Lock()
	w.op, w.hook, w.since = op, hook, time.Now()
	w.a, w.b, w.pre, w.seed, w.max, w.fired = a, b, nil, seed, maxSize, false
	w.mu.Unlock()
}

// stage records that hooks of kind hook run next; pre is the encoding of
// the value before PostProcess, when known.
func (w *watchdog) stage(hook string, pre []byte) {
	if w.timeout <= 0 {
		return
	}
	w.mu.Lock()
	w.hook, w.pre = hook, pre
	w.mu.Unlock()
}

// leave marks the end of the operation.
func (w *watchdog) leave() {
	if w.timeout <= 0 {
		return
	}
	w.mu.Lock()
	w.op, w.a, w.b, w.pre = "", nil, nil, nil
	w.mu.Unlock()
}

func (w *watchdog) loop() {
	tick := min(max(w.timeout/4, 10*time.Millisecond), time.Second)
	for range time.Tick(tick) {
		if f := w.check(); f != nil {
			w.report(f)
		}
	}
}

// check returns the failure of an operation past its time, once.
func (w *watchdog) check() *HookFailure {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.op == "" || w.fired || time.Since(w.since) < w.timeout {
		return nil
	}
	w.fired = true
	stack := allStacks()
	f := &HookFailure{
		Hook: w.hook, Type: hungHook(stack), Timeout: w.timeout, Stack: stack,
		Op: w.op, Seed: w.seed, MaxSize: w.max,
	}
	if w.pre != nil {
		f.Input = append([]byte(nil), w.pre...)
	} else {
		f.Input = w.input(w.a)
	}
	if w.b != nil {
		f.Other = w.input(w.b)
	}
	return f
}

// allStacks returns the stacks of every goroutine.
func allStacks() []byte {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= 8<<20 {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// hookCallers are the functions of structfuzz that call a user's hook.
var hookCallers = []string{
	"github.com/structfuzz/structfuzz/mutator.(*Mutator).callHook",
	"github.com/structfuzz/structfuzz/postprocess.(*walker).hook",
	"github.com/structfuzz/structfuzz/crossover.(*crosser).callHook",
}

// internalFrames are frames between a hook caller and the hook itself.
var internalFrames = []string{
	"github.com/structfuzz/structfuzz/mutator.",
	"github.com/structfuzz/structfuzz/postprocess.",
	"github.com/structfuzz/structfuzz/crossover.",
	"github.com/structfuzz/structfuzz/harness.",
	"github.com/structfuzz/structfuzz/internal/",
	"reflect.",
	"runtime.",
}

// hungHook finds, in a dump of every goroutine's stack, the hook that the
// mutation pipeline is inside: the user's function nearest to the
// structfuzz frame that called it, with its file and line. It returns
// "an unknown function" when the dump does not show one.
func hungHook(stacks []byte) string {
	for _, g := range strings.Split(string(stacks), "\n\n") {
		if !strings.Contains(g, "github.com/structfuzz/structfuzz/harness.(*Harness[") {
			continue
		}
		lines := strings.Split(g, "\n")
		for i, line := range lines {
			if !hasAnyPrefix(line, hookCallers) {
				continue
			}
			// Frames run innermost first: the hook is above its caller.
			for j := i - 2; j >= 1; j -= 2 {
				if hasAnyPrefix(lines[j], internalFrames) {
					continue
				}
				fn := lines[j]
				if k := strings.LastIndexByte(fn, '('); k > 0 && strings.HasSuffix(fn, ")") {
					fn = fn[:k] // drop the argument words
				}
				if j+1 < len(lines) {
					pos := strings.TrimSpace(lines[j+1])
					if k := strings.Index(pos, " +0x"); k > 0 {
						pos = pos[:k]
					}
					fn += " at " + pos
				}
				return fn
			}
		}
	}
	return "an unknown function"
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// exitOnTimeout is the watchdog's reaction without Options.OnHookFailure.
func exitOnTimeout(f *HookFailure) {
	fmt.Fprintf(os.Stderr, "%v\n%s\n", f, f.Stack)
	os.Exit(TimeoutExitCode)
}
