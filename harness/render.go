package harness

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"unicode/utf8"
)

// SetRender registers how the target turns its value into the text the
// library under test receives (Markdown, YAML, an HTTP request): `structfuzz
// print`, and `structfuzz run` on a crash, show that text next to the
// value, which is what a bug report needs. Call it at initialisation.
func (h *Harness[T]) SetRender(render func(*T) []byte) {
	if render == nil {
		panic(fmt.Sprintf("harness: SetRender on the harness of %s: nil function", h.TypeName()))
	}
	h.setRender(func(v any) []byte { return render(v.(*T)) })
}

// Show returns an input as `structfuzz print` shows it: its value in the
// readable form (see codec.MarshalReadable), then the text the render
// function makes of it (see SetRender) as // comment lines, which FromJSON
// and `structfuzz encode` skip. An input that is no valid encoding is read
// leniently, as a raw-mode binary runs it, and a comment line says so.
func (h *Harness[T]) Show(data []byte) (string, error) {
	r, err := readable(h, data)
	if err != nil {
		return "", err
	}
	note := ""
	if r.note != "" {
		note = "// " + r.note + "\n"
	}
	return note + string(r.js) + "\n" + r.text, nil
}

// setRender keeps the render function of SetRender.
func (h *engine) setRender(fn func(any) []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.render = fn
}

// rendered returns the text the render function makes of the value data
// decodes to (as readable reads it), as comment lines for print's output,
// or "" without a render function.
func (h *engine) rendered(data []byte, lenient bool) (string, error) {
	h.mu.Lock()
	render := h.render
	h.mu.Unlock()
	if render == nil {
		return "", nil
	}
	var v any
	var err error
	if lenient {
		v, _, err = h.fuzzValue(data)
	} else {
		v, err = h.decode(data)
	}
	if err != nil {
		return "", err
	}
	return commentBlock(render(v)), nil
}

// maxRendered bounds the rendered text print shows.
const maxRendered = 16 << 10

// commentBlock writes text as comment lines (which encode skips): text
// that is valid UTF-8 line by line, anything else as a hex dump.
func commentBlock(text []byte) string {
	var b bytes.Buffer
	cut := len(text) > maxRendered
	shown := text[:min(len(text), maxRendered)]
	if utf8.Valid(shown) && !bytes.ContainsAny(shown, "\x00\r") {
		fmt.Fprintf(&b, "// rendered (%d bytes):\n", len(text))
		for _, line := range bytes.Split(bytes.TrimSuffix(shown, []byte("\n")), []byte("\n")) {
			b.WriteString("//   ")
			b.Write(line)
			b.WriteByte('\n')
		}
	} else {
		fmt.Fprintf(&b, "// rendered (%d bytes, not text):\n", len(text))
		for _, line := range bytes.Split(bytes.TrimSuffix([]byte(hex.Dump(shown)), []byte("\n")), []byte("\n")) {
			b.WriteString("//   ")
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	if cut {
		fmt.Fprintf(&b, "//   ... (%d more bytes)\n", len(text)-maxRendered)
	}
	return b.String()
}
