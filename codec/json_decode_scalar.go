package codec

import (
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// Scalars and leaves of the readable form: integers, enums, floats, bytes
// and strings, and opaque values.

// durationType reads strings such as "1h30m" (time.ParseDuration) in the
// readable form, besides numbers of nanoseconds.
var durationType = reflect.TypeFor[time.Duration]()

func (r *jsonReader) integer(p *plan.Plan, v reflect.Value, t json.Token, start int) error {
	var raw uint64
	switch t := t.(type) {
	case json.Number:
		s := string(t)
		var err error
		if p.Kind == plan.Int {
			var x int64
			x, err = strconv.ParseInt(s, 10, 8*p.Width)
			raw = uint64(x)
		} else {
			raw, err = strconv.ParseUint(s, 10, 8*p.Width)
		}
		if err != nil {
			switch {
			case errors.Is(err, strconv.ErrRange):
				return jsonErr(start, ErrRange, "%s overflows %v", s, p.Type)
			case p.Kind == plan.Uint && s[0] == '-' && isDigits(s[1:]):
				return jsonErr(start, ErrRange, "%s is negative, and %v is unsigned", s, p.Type)
			}
			return mismatch(p, "an integer", t, start)
		}
	case string:
		if p.Type == durationType {
			// "1h30m", as people write a duration.
			d, err := time.ParseDuration(t)
			if err != nil {
				return jsonErr(start, ErrJSON, "%v: %v", p.Type, err)
			}
			raw = uint64(d)
			break
		}
		if p.Enum == nil || p.Enum.Names == nil {
			return mismatch(p, "a number", t, start)
		}
		i := indexOf(p.Enum.Names, t)
		if i < 0 {
			return jsonErr(start, ErrRange, "%q is not a name of enum %v; names: %s", t, p.Type, list(p.Enum.Names))
		}
		raw = p.Enum.Values[i]
	default:
		want := "a number"
		if p.Enum != nil && p.Enum.Names != nil {
			want = "a name or a number"
		}
		return mismatch(p, want, t, start)
	}
	if p.Kind == plan.Int {
		x := int64(raw)
		if v.OverflowInt(x) {
			return jsonErr(start, ErrRange, "%d overflows %v on this platform", x, p.Type)
		}
		if err := checkInt(p, x); err != nil {
			return located(err, start)
		}
		v.SetInt(x)
		return nil
	}
	if v.OverflowUint(raw) {
		return jsonErr(start, ErrRange, "%d overflows %v on this platform", raw, p.Type)
	}
	if err := checkUint(p, raw); err != nil {
		return located(err, start)
	}
	v.SetUint(raw)
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return -1
}

// list joins names for an error message, eliding a long list.
func list(names []string) string {
	const show = 16
	if len(names) > show {
		return strings.Join(names[:show], ", ") + fmt.Sprintf(", ... (%d more)", len(names)-show)
	}
	return strings.Join(names, ", ")
}

// float reads the IEEE bits of a float of width bytes: a number, "NaN",
// "+Inf", "-Inf" or {"float_bits": "0x..."}.
func (r *jsonReader) float(p *plan.Plan, width int, t json.Token, start int) (uint64, error) {
	const want = `a number, "NaN", "+Inf", "-Inf" or {"float_bits": "0x..."}`
	switch t := t.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 8*width)
		if err != nil {
			return 0, jsonErr(start, ErrRange, "%s overflows float%d", t, 8*width)
		}
		if width == 4 {
			return uint64(math.Float32bits(float32(f))), nil
		}
		return math.Float64bits(f), nil
	case string:
		var f float64
		switch t {
		case "NaN":
			if width == 4 {
				return jsonNaN32, nil
			}
			return jsonNaN64, nil
		case "+Inf":
			f = math.Inf(1)
		case "-Inf":
			f = math.Inf(-1)
		default:
			return 0, mismatch(p, want, t, start)
		}
		if width == 4 {
			return uint64(math.Float32bits(float32(f))), nil
		}
		return math.Float64bits(f), nil
	case json.Delim:
		if t != objectStart {
			break
		}
		name, bt, bs, err := r.member(p, want, start)
		if err != nil {
			return 0, err
		}
		if name != "float_bits" {
			return 0, jsonErr(start, ErrJSON, `%v wants %s, got an object with %q`, p.Type, want, name)
		}
		s, ok := bt.(string)
		digits, hasPrefix := strings.CutPrefix(s, "0x")
		bits, perr := strconv.ParseUint(digits, 16, 8*width)
		if !ok || !hasPrefix || perr != nil || !isHex(digits) {
			return 0, jsonErr(bs, ErrJSON, "float_bits wants a string of at most %d hex digits after 0x, got %s", 2*width, describe(bt))
		}
		return bits, r.end(p, objectEnd, "one member")
	}
	return 0, mismatch(p, want, t, start)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(s[i])) {
			return false
		}
	}
	return s != ""
}

// bytes reads a string or {"hex": "..."}.
func (r *jsonReader) bytes(p *plan.Plan, t json.Token, start int) ([]byte, error) {
	const want = `a string or {"hex": "..."}`
	switch t {
	case objectStart:
		name, ht, hs, err := r.member(p, want, start)
		if err != nil {
			return nil, err
		}
		if name != "hex" {
			return nil, jsonErr(start, ErrJSON, `%v wants %s, got an object with %q`, p.Type, want, name)
		}
		b, err := r.hex(ht, hs)
		if err != nil {
			return nil, err
		}
		return b, r.end(p, objectEnd, "one member")
	}
	if s, ok := t.(string); ok {
		return []byte(s), nil
	}
	want2 := want
	if p.Kind == plan.Bytes {
		want2 += " or null"
	}
	return nil, mismatch(p, want2, t, start)
}

func (r *jsonReader) hex(t json.Token, start int) ([]byte, error) {
	s, ok := t.(string)
	if !ok {
		return nil, jsonErr(start, ErrJSON, "hex wants a string of hex digits, got %s", describe(t))
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, jsonErr(start, ErrJSON, "hex: %v", err)
	}
	return b, nil
}

// opaque reads a type that unmarshals itself: its bytes as a string or
// {"hex": "..."}, or {"text": "..."} when it has text methods too.
func (r *jsonReader) opaque(p *plan.Plan, v reflect.Value, t json.Token, start int) error {
	text := p.Text
	var b []byte
	switch t := t.(type) {
	case string:
		b = []byte(t)
	case json.Delim:
		want := `a string or {"hex": "..."}`
		if !p.Text && hasText(p) {
			want = `a string, {"hex": "..."} or {"text": "..."}`
		}
		if t != objectStart {
			return mismatch(p, want, t, start)
		}
		name, vt, vs, err := r.member(p, want, start)
		if err != nil {
			return err
		}
		switch {
		case name == "hex":
			if b, err = r.hex(vt, vs); err != nil {
				return err
			}
		case name == "text" && !p.Text && hasText(p):
			s, ok := vt.(string)
			if !ok {
				return jsonErr(vs, ErrJSON, "text wants a string, got %s", describe(vt))
			}
			b, text = []byte(s), true
		default:
			return jsonErr(start, ErrJSON, `%v wants %s, got an object with %q`, p.Type, want, name)
		}
		if err := r.end(p, objectEnd, "one member"); err != nil {
			return err
		}
	default:
		return mismatch(p, `a string or {"hex": "..."}`, t, start)
	}
	var err error
	if text {
		err = v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(b)
	} else {
		err = v.Addr().Interface().(encoding.BinaryUnmarshaler).UnmarshalBinary(b)
		if _, plain := t.(string); err != nil && plain && hasText(p) {
			// A plain string its binary method rejects is read as text,
			// as people write a time: "2024-01-02T15:04:05Z".
			v.SetZero()
			if terr := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(b); terr == nil {
				return nil
			}
		}
	}
	if err != nil {
		return jsonErr(start, ErrOpaque, "%v: %v", p.Type, err)
	}
	return nil
}

// checkedBytes reads the bytes of a String or Bytes value and checks its
// length, UTF-8 and oneof limits.
func (r *jsonReader) checkedBytes(p *plan.Plan, t json.Token, start int) ([]byte, error) {
	b, err := r.bytes(p, t, start)
	if err != nil {
		return nil, err
	}
	if err := checkLen(p, len(b)); err != nil {
		return nil, located(err, start)
	}
	if err := checkUTF8(p, b); err != nil {
		return nil, located(err, start)
	}
	if p.Choices != nil {
		if err := checkChoice(p, string(b)); err != nil {
			return nil, located(err, start)
		}
	}
	return b, nil
}
