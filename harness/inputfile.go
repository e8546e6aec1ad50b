package harness

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
)

// goFuzzHeader starts the corpus files go test -fuzz writes
// (testdata/fuzz/FuzzX, and its cache).
const goFuzzHeader = "go test fuzz v1\n"

// goFuzzInput returns the input of a go test -fuzz corpus file: the one
// []byte argument Harness.Fuzz's fuzz function takes. ok is false for any
// other file.
func goFuzzInput(data []byte) (in []byte, ok bool, err error) {
	rest, found := bytes.CutPrefix(data, []byte(goFuzzHeader))
	if !found {
		return nil, false, nil
	}
	var args []string
	for _, line := range strings.Split(string(rest), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			args = append(args, line)
		}
	}
	if len(args) != 1 {
		return nil, true, fmt.Errorf("a go test -fuzz input of %d values; Harness.Fuzz takes one []byte", len(args))
	}
	e, err := parser.ParseExpr(args[0])
	if err != nil {
		return nil, true, fmt.Errorf("a go test -fuzz input: %w", err)
	}
	if lit := byteSliceLiteral(e); lit != nil {
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return nil, true, fmt.Errorf("a go test -fuzz input: %w", err)
		}
		return []byte(s), true, nil
	}
	return nil, true, fmt.Errorf("a go test -fuzz input holding %s, not the []byte Harness.Fuzz takes", args[0])
}

// byteSliceLiteral returns the string literal of e when e is
// []byte("...") (or []uint8), else nil.
func byteSliceLiteral(e ast.Expr) *ast.BasicLit {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	arr, ok := call.Fun.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return nil
	}
	if elt, ok := arr.Elt.(*ast.Ident); !ok || elt.Name != "byte" && elt.Name != "uint8" {
		return nil
	}
	if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
		return lit
	}
	return nil
}

// inputFiles lists the files of names, a folder standing for the regular
// files in it (sorted; hidden ones, such as a corpus's .structfuzz, left
// out).
func inputFiles(names []string) ([]string, error) {
	var out []string
	for _, name := range names {
		fi, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() {
			out = append(out, name)
			continue
		}
		files, err := corpusFiles(name)
		if err != nil {
			return nil, err
		}
		files = slices.DeleteFunc(files, func(f string) bool { return strings.HasPrefix(filepath.Base(f), ".") })
		out = append(out, files...)
	}
	return out, nil
}

// lenientJSON is the readable form of the value data gives when decoded
// leniently and post-processed, as go test -fuzz (see fuzzValue) and
// raw-mode binaries run it.
func (h *engine) lenientJSON(data []byte) ([]byte, error) {
	v, _, err := h.fuzzValue(data)
	if err != nil {
		return nil, err
	}
	return codec.MarshalReadable(v)
}

// lenientReader is what print needs of a tool beyond ToJSON.
type lenientReader interface {
	lenientJSON(data []byte) ([]byte, error)
}

// reading is one input file as print and Show show it.
type reading struct {
	js      []byte // the readable form of its value
	in      []byte // the input (a go test -fuzz file's []byte)
	lenient bool   // no valid encoding: read leniently
	note    string // what print says of a lenient reading
	text    string // the rendered text as comment lines (see SetRender), or ""
}

// readable reads one input file's content as print shows it: the value,
// leniently with a note for a file that is no canonical encoding, and the
// rendered text when the target renders.
func readable(t tool, data []byte) (reading, error) {
	r, err := readValue(t, data)
	if rd, ok := t.(renderer); ok && err == nil {
		r.text, err = rd.rendered(r.in, r.lenient)
	}
	return r, err
}

// readValue is readable without the rendered text.
func readValue(t tool, data []byte) (reading, error) {
	in, goFuzz, err := goFuzzInput(data)
	if err != nil {
		return reading{}, err
	}
	if goFuzz {
		data = in
	}
	_, _, structured := splitSteps(data)
	var js []byte
	var strictErr error
	if !structured {
		// A structure-aware input is never read strictly: its bytes
		// could happen to be an encoding of something else.
		if js, strictErr = t.ToJSON(data); strictErr == nil {
			return reading{js: js, in: data}, nil
		}
	}
	l, ok := t.(lenientReader)
	if !ok {
		if structured {
			return reading{}, fmt.Errorf("a structure-aware go test -fuzz input of %s, which this tool cannot read", t.TypeName())
		}
		return reading{}, strictErr
	}
	if js, err = l.lenientJSON(data); err != nil {
		if structured {
			return reading{}, err
		}
		return reading{}, strictErr
	}
	r := reading{js: js, in: data, lenient: true}
	if _, words, ok := splitSteps(data); ok {
		r.note = fmt.Sprintf("a structure-aware go test -fuzz input: its base value decoded leniently, then %d typed mutations, as Harness.Fuzz runs it", len(words)/stepWidth)
	} else if goFuzz {
		r.note = fmt.Sprintf("a go test -fuzz input, decoded leniently as Harness.Fuzz runs it (it is no valid encoding of %s: %v)", t.TypeName(), strictErr)
	} else {
		r.note = fmt.Sprintf("not a valid encoding of %s (%v); shown as the lenient decoder reads it, as a raw-mode binary (STRUCTFUZZ_RAW=1) runs it", t.TypeName(), strictErr)
	}
	return r, nil
}
