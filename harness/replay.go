package harness

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// replayer is what toolMain's replay command needs of a tool.
type replayer interface {
	replayFile(data []byte) (ran bool, panicked any)
}

// replayFile runs the target on one input file's content: its value
// decoded strictly, or leniently when it is no valid encoding (a raw-mode
// crash, a go test -fuzz input), as print reads it. It reports whether the
// target ran, and the value of its panic, if any.
func (h *engine) replayFile(data []byte) (ran bool, panicked any) {
	if in, ok, err := goFuzzInput(data); ok {
		if err != nil {
			return false, nil
		}
		data = in
	}
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	v, _, err := h.decodeAny(data)
	if err != nil {
		return false, nil
	}
	ran = true
	h.call(v)
	return ran, nil
}

// replayTimeout bounds one input's run in the replay command: an input
// that hangs the target must not hang structfuzz cover.
var replayTimeout = 10 * time.Second

// hangPrefixes name the artifacts libFuzzer writes for inputs that hang
// or exhaust memory; the replay command leaves them out.
var hangPrefixes = []string{"timeout-", "oom-", "slow-unit-", "leak-"}

// toolReplay is toolMain's replay command: replay FILE|DIR... runs the
// target on every input, a panic included, and says how many ran (for
// structfuzz cover, whose helper is built with coverage). It leaves out
// libFuzzer's timeout and out-of-memory artifacts, and stops at an input
// that does not return within replayTimeout, with what ran so far.
func toolReplay(t tool, names []string, stdout, stderr io.Writer) int {
	r, ok := t.(replayer)
	if !ok {
		fmt.Fprintln(stderr, "structfuzz tool: replay FILE...")
		return 2
	}
	files, err := inputFiles(names)
	if err != nil {
		fmt.Fprintf(stderr, "structfuzz replay: %v\n", err)
		return 1
	}
	skipped := len(files)
	files = slices.DeleteFunc(files, func(name string) bool {
		base := filepath.Base(name)
		return slices.ContainsFunc(hangPrefixes, func(p string) bool { return strings.HasPrefix(base, p) })
	})
	skipped -= len(files)
	ran, panics := 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "structfuzz replay: %v\n", err)
			return 1
		}
		type result struct {
			ok bool
			p  any
		}
		done := make(chan result, 1)
		go func() {
			ok, p := r.replayFile(data)
			done <- result{ok, p}
		}()
		select {
		case res := <-done:
			if res.ok {
				ran++
			}
			if res.p != nil {
				panics++
			}
		case <-time.After(replayTimeout):
			fmt.Fprintf(stderr, "structfuzz replay: %s did not return within %v; stopping there, with what ran before it\n", name, replayTimeout)
			fmt.Fprintf(stdout, "%d inputs, %d ran the target, %d of them panicked, 1 hung\n", len(files), ran, panics)
			return 0
		}
	}
	fmt.Fprintf(stdout, "%d inputs, %d ran the target, %d of them panicked", len(files), ran, panics)
	if skipped > 0 {
		fmt.Fprintf(stdout, " (%d timeout and out-of-memory artifacts left out)", skipped)
	}
	fmt.Fprintln(stdout)
	return 0
}
