package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/golit"
)

// Call runs the target on v as it is: no decoding, no post-processing.
// The regression tests `structfuzz test` writes from crash files build the
// crashing value as a Go literal and call the target with it.
func (h *Harness[T]) Call(v *T) { h.fn(v) }

// literal is one input written as Go source, as toolMain's golit command
// prints it.
type literal struct {
	File string `json:"file"`
	// Expr builds a pointer to the value the target saw.
	Expr    string          `json:"expr,omitempty"`
	Imports []golit.Import  `json:"imports,omitempty"`
	Lenient bool            `json:"lenient,omitempty"` // not a canonical encoding: decoded leniently
	JSON    json.RawMessage `json:"json,omitempty"`    // the value's readable form
	Err     string          `json:"error,omitempty"`
}

// goLiteral writes the value the target sees for data (decoded and
// post-processed, leniently when data is no valid encoding, as a raw-mode
// binary runs it) as a Go expression of type *T, written by pr.
func (h *engine) goLiteral(pr golit.Printer, data []byte) literal {
	var l literal
	v, lenient, err := h.decodeAny(data)
	if err != nil {
		l.Err = err.Error()
		return l
	}
	l.Lenient = lenient
	if l.Expr, err = pr.Pointer(reflect.ValueOf(v).Elem()); err != nil {
		l.Err = fmt.Sprintf("%v cannot be written as a Go literal: %v", h.typ, err)
		return l
	}
	l.Imports = pr.Imports()
	if l.JSON, err = codec.MarshalReadable(v); err != nil {
		l.JSON = nil
	}
	return l
}

// literals is what toolMain's golit command needs of a target.
type literals interface {
	goLiteral(pr golit.Printer, data []byte) literal
}

// toolGoLiteral is toolMain's golit command: golit PKG FILE... prints a
// JSON array with each file's value as a Go expression for package PKG.
// Its standard input may hold the package's constant names as JSON (see
// golit.Printer.Names), or nothing.
func toolGoLiteral(t tool, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	l, ok := t.(literals)
	if !ok || len(args) < 1 {
		fmt.Fprintln(stderr, "structfuzz tool: golit PKG FILE...")
		return 2
	}
	var names map[string]map[string]string
	if stdin != nil {
		if in, err := io.ReadAll(stdin); err == nil && len(bytes.TrimSpace(in)) > 0 {
			if err := json.Unmarshal(in, &names); err != nil {
				fmt.Fprintf(stderr, "structfuzz tool: golit: the constant names on standard input: %v\n", err)
				return 2
			}
		}
	}
	var out []literal
	for _, name := range args[1:] {
		data, err := os.ReadFile(name)
		if err == nil {
			// The corpus files of go test -fuzz hold the input as a Go
			// []byte literal.
			if in, ok, ferr := goFuzzInput(data); ok {
				data, err = in, ferr
			}
		}
		if err != nil {
			out = append(out, literal{File: name, Err: err.Error()})
			continue
		}
		lit := l.goLiteral(golit.Printer{Pkg: args[0], Names: names}, data)
		lit.File = name
		out = append(out, lit)
	}
	js, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", js)
	return 0
}
