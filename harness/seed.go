package harness

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/structfuzz/structfuzz/codec"
)

// Seed writes values into the corpus folder dir (created if need be), for
// libFuzzer's corpus or Fuzz's seeds: each value post-processed, as the
// target would see it, and encoded canonically, in a file named by its
// SHA-1 as libFuzzer names its own, so a value already there is not
// written twice. It records the type's schema in dir (see RecordSchema),
// and refuses a folder whose recorded schema says its inputs would mean
// something else now. It returns the files it wrote. A value that does
// not encode is an error naming its index and why; the values before it
// are written.
func (h *Harness[T]) Seed(dir string, values ...T) ([]string, error) {
	vs := make([]any, len(values))
	for i := range values {
		vs[i] = &values[i]
	}
	return h.seedInto(dir, vs)
}

// seedInto checks dir's recorded schema, writes the values vs (pointers to
// values of T) into it and records the schema.
func (h *Harness[T]) seedInto(dir string, vs []any) ([]string, error) {
	d, changed, err := h.schemaDiff(dir)
	if err != nil {
		return nil, err
	}
	if changed && d.Breaking() {
		return nil, errors.New(d.String())
	}
	written, err := h.writeSeeds(dir, vs)
	if err == nil && !changed {
		// An additive change stays for migrate to record.
		err = h.RecordSchema(dir)
	}
	return written, err
}

// SeedJSON is Seed with values in the readable form (see codec.MarshalReadable),
// as `structfuzz print` shows them: one or several JSON values in a row.
func (h *Harness[T]) SeedJSON(dir string, js []byte) ([]string, error) {
	vs, err := h.fromJSONStream(js)
	if err != nil {
		return nil, err
	}
	return h.seedInto(dir, vs)
}

// SetParse registers how to turn the target's text (a document, a
// request, a program: what the target renders its value into) back into
// a value, so that existing text corpora become seeds (SeedText, and
// `structfuzz seed -text`). A text that parse rejects is reported, not
// seeded. Call it at initialisation, before fuzzing starts.
func (h *Harness[T]) SetParse(parse func(text []byte) (*T, error)) {
	if parse == nil {
		panic(fmt.Sprintf("harness: SetParse on the harness of %s: nil function", h.TypeName()))
	}
	h.setParse(func(text []byte) (any, error) {
		v, err := parse(text)
		if err == nil && v == nil {
			err = errors.New("the parse function returned nil and no error")
		}
		return v, err
	})
}

// SeedText is Seed with values made from texts by the parse function
// (see SetParse). It fails without one.
func (h *Harness[T]) SeedText(dir string, texts ...[]byte) ([]string, error) {
	vs, err := h.parseAll(texts)
	if err != nil {
		return nil, err
	}
	return h.seedInto(dir, vs)
}

// setParse keeps the parse function of SetParse.
func (h *engine) setParse(fn func([]byte) (any, error)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.parse = fn
}

// parseAll parses texts with the registered parse function.
func (h *engine) parseAll(texts [][]byte) ([]any, error) {
	h.mu.Lock()
	parse := h.parse
	h.mu.Unlock()
	if parse == nil {
		return nil, fmt.Errorf("structfuzz: %v has no parse function to read texts with (Harness.SetParse)", h.typ)
	}
	vs := make([]any, 0, len(texts))
	for i, text := range texts {
		v, err := parse(text)
		if err != nil {
			return nil, fmt.Errorf("text %d: %w", i, err)
		}
		vs = append(vs, v)
	}
	return vs, nil
}

// fromJSONStream reads the values of a row of JSON texts in the readable
// form.
func (h *engine) fromJSONStream(js []byte) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(stripComments(js)))
	var vs []any
	for i := 0; ; i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("value %d: %w: %w", i, codec.ErrJSON, err)
		}
		v := h.newValue()
		if err := codec.UnmarshalReadable(raw, v); err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("structfuzz: no JSON value to seed with")
	}
	return vs, nil
}

// writeSeeds writes the values vs (pointers to values of the type) into
// dir, post-processed and encoded, named by their SHA-1.
func (h *engine) writeSeeds(dir string, vs []any) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for i, v := range vs {
		// The value itself first: PostProcess is only blamed for breaking
		// a value that was valid.
		if _, err := h.co.Size(v); err != nil {
			return written, fmt.Errorf("value %d: %w", i, err)
		}
		if err := h.process(v, 0); err != nil {
			return written, fmt.Errorf("value %d: %w", i, err)
		}
		enc, err := h.co.Marshal(v)
		if err != nil {
			return written, fmt.Errorf("value %d: %w", i, err)
		}
		sum := sha1.Sum(enc)
		path := filepath.Join(dir, hex.EncodeToString(sum[:]))
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := os.WriteFile(path, enc, 0o644); err != nil {
			return written, err
		}
		written = append(written, path)
	}
	return written, nil
}

// stripComments blanks the lines of js that are comments (// after
// spaces), as print writes them: the file names of several inputs, and
// their rendered form. Such a line is never inside a JSON string, which
// cannot hold a newline.
func stripComments(js []byte) []byte {
	if !bytes.Contains(js, []byte("//")) {
		return js
	}
	lines := bytes.Split(js, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(bytes.TrimLeft(l, " \t\r"), []byte("//")) {
			lines[i] = nil
		}
	}
	return bytes.Join(lines, []byte("\n"))
}

// seedFiles is toolMain's seed command: the files' values (the readable
// form, or texts for the parse function) seeded into dir.
func (h *Harness[T]) seedFiles(dir string, text bool, names []string) ([]string, error) {
	files, err := inputFiles(names)
	if err != nil {
		return nil, err
	}
	var vs []any
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var more []any
		if text {
			more, err = h.parseAll([][]byte{data})
		} else {
			more, err = h.fromJSONStream(data)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		vs = append(vs, more...)
	}
	return h.seedInto(dir, vs)
}

// seeder is what toolMain's seed command needs of a tool.
type seeder interface {
	seedFiles(dir string, text bool, names []string) ([]string, error)
}

// toolSeed is toolMain's seed command: seed [-text] DIR FILE...
func toolSeed(t tool, args []string, stdout, stderr io.Writer) int {
	s, ok := t.(seeder)
	text := len(args) > 0 && args[0] == "-text"
	if text {
		args = args[1:]
	}
	if !ok || len(args) < 2 {
		fmt.Fprintln(stderr, "structfuzz tool: seed [-text] DIR FILE...")
		return 2
	}
	written, err := s.seedFiles(args[0], text, args[1:])
	for _, w := range written {
		fmt.Fprintln(stdout, w)
	}
	if err != nil {
		fmt.Fprintf(stderr, "structfuzz seed (as %s): %v\n", t.TypeName(), err)
		return 1
	}
	return 0
}
