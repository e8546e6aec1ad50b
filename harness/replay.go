package harness

import (
	"fmt"
	"io"
	"os"
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

// toolReplay is toolMain's replay command: replay FILE|DIR... runs the
// target on every input, a panic included, and says how many ran (for
// structfuzz cover, whose helper is built with coverage).
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
	ran, panics := 0, 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "structfuzz replay: %v\n", err)
			return 1
		}
		ok, p := r.replayFile(data)
		if ok {
			ran++
		}
		if p != nil {
			panics++
		}
	}
	fmt.Fprintf(stdout, "%d inputs, %d ran the target, %d of them panicked\n", len(files), ran, panics)
	return 0
}
