package codec

import (
	"errors"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// Errors that decoding and encoding wrap; test for them with errors.Is.
var (
	// ErrUnsupportedType: the type cannot be encoded (a chan, a func, an
	// interface with no registered variants, a bad fuzz tag, ...). The
	// error names the path to the part at fault.
	ErrUnsupportedType = plan.ErrType
	// ErrShortInput: the input ended inside a value.
	ErrShortInput = errors.New("input too short")
	// ErrTrailingBytes: the input continues after a complete value.
	ErrTrailingBytes = errors.New("trailing bytes after value")
	// ErrLength: a length prefix exceeds what the remaining input can hold,
	// or lies outside the field's minlen/maxlen.
	ErrLength = errors.New("bad length")
	// ErrBool: a bool or pointer presence byte other than 0 or 1.
	ErrBool = errors.New("bad bool or presence byte")
	// ErrUnionTag: a union tag with no registered variant, or a value whose
	// dynamic type is not a registered variant.
	ErrUnionTag = errors.New("bad union tag")
	// ErrRange: a value outside its declared enum set, min/max range or
	// oneof list, or a value of int or uint that does not fit this
	// platform's int.
	ErrRange = errors.New("value out of range")
	// ErrUTF8: invalid UTF-8 in a string or byte slice tagged utf8.
	ErrUTF8 = errors.New("invalid UTF-8")
	// ErrDepth: recursion deeper than the depth limit, or a cyclic value.
	ErrDepth = errors.New("depth limit exceeded")
	// ErrMapKeys: map keys not in strictly increasing encoded order, or two
	// keys that are equal as Go values.
	ErrMapKeys = errors.New("map keys out of order or duplicated")
	// ErrMemory: the value would need more memory than the budget allows
	// (see Options.MaxMemory): strict decoding of an input whose value would
	// allocate more than MaxMemory + MemoryPerByte bytes per input byte, or
	// encoding of a value whose encoding would be rejected so. The error
	// names the path of the value at fault and the numbers.
	ErrMemory = errors.New("memory budget exceeded")
	// ErrOpaque: a type that marshals itself (see FORMAT.md, opaque types)
	// failed to marshal, rejected its bytes, or would not marshal them back
	// to the same bytes.
	ErrOpaque = errors.New("opaque value rejected")
)

// TypeError reports a Go type that cannot be fuzzed as declared (a chan or
// func field, an interface with no registered variants, a malformed
// fuzz: tag): Path names the part of the type at fault, for example
// "Request.Parts[].Body", and Msg says what is wrong. Every codec
// function, and the mutator, crossover and post-processing, returns it
// for such a type; errors.Is(err, ErrUnsupportedType) holds for it.
type TypeError = plan.Error

// Error describes a value that could not be encoded or an input that could
// not be decoded. Path names the value at fault from the root type, for
// example "Request.Parts[2].Body"; Offset is the byte offset in the input
// where decoding failed, or -1 when encoding.
type Error struct {
	Op     string // "marshal", "unmarshal" or "size"
	Path   string
	Offset int
	Err    error // one of the Err* sentinels
	Detail string

	segs []string // path segments, innermost first, while unwinding
}

// Error describes the failure: the operation, the path, the offset when
// decoding, the sentinel and any detail.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("codec: ")
	b.WriteString(e.Op)
	b.WriteString(" ")
	b.WriteString(e.Path)
	if e.Offset >= 0 {
		b.WriteString(" at offset ")
		b.WriteString(strconv.Itoa(e.Offset))
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the sentinel error.
func (e *Error) Unwrap() error { return e.Err }

// at prepends a path segment to a decoding or encoding error while the
// walk unwinds; other errors pass through.
func at(err error, seg string) error {
	if e, ok := err.(*Error); ok {
		e.segs = append(e.segs, seg)
	}
	return err
}

// finish completes an error at the top of a walk.
func finish(err error, op string, root string) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	e.Op = op
	e.Path = plan.JoinPath(root, e.segs)
	e.segs = nil
	return e
}

// index and field segments, built only on the error path.
func idxSeg(i int) string      { return "[" + strconv.Itoa(i) + "]" }
func keySeg(i int) string      { return "[key#" + strconv.Itoa(i) + "]" }
func valSeg(i int) string      { return "[value#" + strconv.Itoa(i) + "]" }
func fieldSeg(n string) string { return "." + n }
func variantSeg(n string) string {
	return ".(" + n + ")"
}
