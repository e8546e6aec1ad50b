package codec

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// jsonReader reads the readable form token by token, directed by the
// plan. The text is checked to be valid JSON first (json.Valid), so the
// tokenizer can be simple: commas and colons carry no information in valid
// JSON and are skipped like spaces. The reader descends into the JSON only
// where the type does, so its recursion is bounded by the type and the
// depth limit, not by the input, and every allocation is for a value the
// input spells out.
type jsonReader struct {
	data     []byte
	off      int
	maxDepth int
	// acct bounds what the reader allocates by DefaultMaxMemory and
	// MemoryPerByte per byte of JSON read so far (see grow), before the
	// encoder checks the value against the budget of its binary encoding.
	acct plan.Account
}

func newJSONReader(data []byte) *jsonReader {
	return &jsonReader{data: data, maxDepth: DefaultMaxDepth,
		acct: plan.Account{Base: DefaultMaxMemory, PerByte: MemoryPerByte}}
}

// grow charges cost bytes the reader is about to allocate for the value
// whose JSON starts at start: ErrMemory when the JSON read so far does not
// pay for it. JSON is longer than the binary form, so a value within the
// budget of its binary encoding always fits.
func (r *jsonReader) grow(cost, start int) error {
	if r.acct.Charge(cost, r.off, 0) {
		return nil
	}
	return jsonErr(start, ErrMemory, "the value needs %d bytes more; %d are allocated, and the budget for the first %d bytes of JSON is %d (MaxMemory %d + %d per byte)",
		cost, r.acct.Spent-cost, r.off, r.acct.Allowed(r.off), r.acct.Base, r.acct.PerByte)
}

func jsonErr(off int, sentinel error, format string, args ...any) *Error {
	return &Error{Offset: off, Err: sentinel, Detail: fmt.Sprintf(format, args...)}
}

// Tokens are those of encoding/json's Decoder.Token: json.Delim, bool,
// json.Number, string, and nil for null.
var (
	arrayStart  = json.Delim('[')
	arrayEnd    = json.Delim(']')
	objectStart = json.Delim('{')
	objectEnd   = json.Delim('}')
)

// top checks data and reads one value from it.
func (r *jsonReader) top(p *plan.Plan, v reflect.Value) error {
	if !utf8.Valid(r.data) {
		off := 0
		for off < len(r.data) {
			c, size := utf8.DecodeRune(r.data[off:])
			if c == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return jsonErr(off, ErrJSON, "the JSON text is not valid UTF-8")
	}
	if !json.Valid(r.data) {
		// Unmarshal checks the syntax before it builds anything.
		err := json.Unmarshal(r.data, new(json.RawMessage))
		off := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
			// Offset counts the bad byte, except at the end of the input.
			if off > 0 && !(off == len(r.data) && strings.HasPrefix(se.Error(), "unexpected end")) {
				off--
			}
		}
		return jsonErr(min(off, len(r.data)), ErrJSON, "%v", err)
	}
	t, start, err := r.next()
	if err != nil {
		return err
	}
	if err := r.value(p, v, t, start, 0); err != nil {
		return err
	}
	if t, start, err := r.next(); err == nil {
		return jsonErr(start, ErrJSON, "%s after the value", describe(t))
	}
	return nil
}

// next returns the next token and the offset where it starts. The text is
// valid JSON, so a token is always there when the reader asks for one.
func (r *jsonReader) next() (json.Token, int, error) {
	d := r.data
	i := r.off
skip:
	for ; i < len(d); i++ {
		switch d[i] {
		case ' ', '\t', '\r', '\n', ',', ':':
		default:
			break skip
		}
	}
	if i == len(d) {
		return nil, i, jsonErr(i, ErrJSON, "unexpected end of input")
	}
	start := i
	switch c := d[i]; c {
	case '{', '}', '[', ']':
		r.off = i + 1
		return json.Delim(c), start, nil
	case 't':
		r.off = i + len("true")
		return true, start, nil
	case 'f':
		r.off = i + len("false")
		return false, start, nil
	case 'n':
		r.off = i + len("null")
		return nil, start, nil
	case '"':
		i++
		escaped := false
		for i < len(d) && d[i] != '"' {
			if d[i] == '\\' {
				escaped = true
				i++
			}
			i++
		}
		if i >= len(d) {
			return nil, start, jsonErr(start, ErrJSON, "unterminated string")
		}
		r.off = i + 1
		if !escaped {
			return string(d[start+1 : i]), start, nil
		}
		s, ok := unescape(d[start+1 : i])
		if !ok {
			return nil, start, jsonErr(start, ErrJSON, `a string holds an unpaired surrogate escape; write bytes that are not UTF-8 as {"hex": "..."}`)
		}
		return s, start, nil
	}
	for i < len(d) && strings.IndexByte("+-.eE0123456789", d[i]) >= 0 {
		i++
	}
	r.off = i
	return json.Number(d[start:i]), start, nil
}

// unescape decodes the escapes of the inside of a valid JSON string
// literal. It reports false for a \u escape of an unpaired surrogate,
// which has no UTF-8 form.
func unescape(raw []byte) (string, bool) {
	out := make([]byte, 0, len(raw))
	hex4 := func(i int) rune {
		n, _ := strconv.ParseUint(string(raw[i:i+4]), 16, 16)
		return rune(n)
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(raw) || raw[i+1] == 'u' && i+6 > len(raw) {
			return "", false // not valid JSON; json.Valid rules it out
		}
		switch e := raw[i+1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			c := hex4(i + 2)
			i += 6
			if utf16.IsSurrogate(c) {
				if c >= 0xdc00 || i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
					return "", false
				}
				lo := hex4(i + 2)
				if lo < 0xdc00 || lo >= 0xe000 {
					return "", false
				}
				c = utf16.DecodeRune(c, lo)
				i += 6
			}
			out = utf8.AppendRune(out, c)
			continue
		default: // '"', '\\', '/'
			out = append(out, e)
		}
		i += 2
	}
	return string(out), true
}

// describe names the kind of a token for error messages.
func describe(t json.Token) string {
	switch t := t.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(t)
	case json.Number:
		return "the number " + string(t)
	case string:
		if len(t) > 40 {
			t = t[:40] + "..."
		}
		return "the string " + strconv.Quote(t)
	case json.Delim:
		switch t {
		case arrayStart:
			return "an array"
		case objectStart:
			return "an object"
		}
		return strconv.Quote(t.String())
	}
	return fmt.Sprint(t)
}
