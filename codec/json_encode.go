package codec

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// jsonWriter prints the readable form of a value that the encoder has
// already validated. Like the encoder, it only visits addressable values,
// so float32 and complex64 bits are read from memory, never through a
// float64 conversion that could quiet a signalling NaN.
type jsonWriter struct {
	buf  []byte
	keys encoder // encodes map keys to sort them
}

func (w *jsonWriter) newline(indent int) {
	w.buf = append(w.buf, '\n')
	for i := 0; i < indent; i++ {
		w.buf = append(w.buf, ' ', ' ')
	}
}

// item starts member i of an array or object opened at indent.
func (w *jsonWriter) item(i, indent int) {
	if i > 0 {
		w.buf = append(w.buf, ',')
	}
	w.newline(indent + 1)
}

// end closes an array or object of n members opened at indent.
func (w *jsonWriter) end(n, indent int, c byte) {
	if n > 0 {
		w.newline(indent)
	}
	w.buf = append(w.buf, c)
}

func (w *jsonWriter) name(s string) {
	w.buf = appendJSONString(w.buf, s)
	w.buf = append(w.buf, ':', ' ')
}

// single writes an object with one member, whose value fn writes.
func (w *jsonWriter) single(name string, indent int, fn func() error) error {
	w.buf = append(w.buf, '{')
	w.item(0, indent)
	w.name(name)
	err := fn()
	w.end(1, indent, '}')
	return err
}

func (w *jsonWriter) value(p *plan.Plan, v reflect.Value, indent int) error {
	switch p.Kind {
	case plan.Bool:
		w.buf = strconv.AppendBool(w.buf, v.Bool())
	case plan.Int:
		x := v.Int()
		if i := enumName(p, uint64(x)); i >= 0 {
			w.buf = appendJSONString(w.buf, p.Enum.Names[i])
		} else {
			w.buf = strconv.AppendInt(w.buf, x, 10)
		}
	case plan.Uint:
		x := v.Uint()
		if i := enumName(p, x); i >= 0 {
			w.buf = appendJSONString(w.buf, p.Enum.Names[i])
		} else {
			w.buf = strconv.AppendUint(w.buf, x, 10)
		}
	case plan.Float:
		w.float(floatBits(v, p.Width), p.Width, indent)
	case plan.Complex:
		half := p.Width / 2
		m := mem(v, p.Width)
		w.buf = append(w.buf, '[')
		for i := 0; i < 2; i++ {
			w.item(i, indent)
			w.float(readBits(m[i*half:], half), half, indent+1)
		}
		w.end(2, indent, ']')
	case plan.String:
		w.text(v.String(), indent)
	case plan.Bytes:
		if v.IsNil() {
			w.buf = append(w.buf, "null"...)
		} else {
			w.text(string(v.Bytes()), indent)
		}
	case plan.Opaque:
		return w.opaque(p, v, indent)
	case plan.Slice, plan.Array:
		n := p.Len
		if p.Kind == plan.Slice {
			if v.IsNil() {
				w.buf = append(w.buf, "null"...)
				return nil
			}
			n = v.Len()
		}
		w.buf = append(w.buf, '[')
		for i := 0; i < n; i++ {
			w.item(i, indent)
			if err := w.value(p.Elem, v.Index(i), indent+1); err != nil {
				return at(err, idxSeg(i))
			}
		}
		w.end(n, indent, ']')
	case plan.Map:
		return w.mapValue(p, v, indent)
	case plan.Pointer:
		switch {
		case v.IsNil():
			w.buf = append(w.buf, "null"...)
		case jsonNullable(p.Elem):
			w.buf = append(w.buf, '[')
			w.item(0, indent)
			err := w.value(p.Elem, v.Elem(), indent+1)
			w.end(1, indent, ']')
			return err
		default:
			return w.value(p.Elem, v.Elem(), indent)
		}
	case plan.Struct:
		w.buf = append(w.buf, '{')
		for i := range p.Fields {
			f := &p.Fields[i]
			w.item(i, indent)
			w.name(f.Name)
			if err := w.value(f.Plan, v.Field(f.Index), indent+1); err != nil {
				return at(err, fieldSeg(f.Name))
			}
		}
		w.end(len(p.Fields), indent, '}')
	case plan.Union:
		if v.IsNil() {
			w.buf = append(w.buf, "null"...)
			return nil
		}
		ev := v.Elem()
		vr := p.VariantIndex(ev.Type())
		if vr < 0 {
			return &Error{Offset: -1, Err: ErrUnionTag, Detail: fmt.Sprintf("%v is not a registered variant of %v", ev.Type(), p.Type)}
		}
		if ev.Kind() != reflect.Pointer {
			cp := reflect.New(ev.Type()).Elem()
			cp.Set(ev)
			ev = cp
		}
		vp := &p.Variants[vr]
		return w.single(vp.Name, indent, func() error {
			return at(w.value(vp.Plan, ev, indent+1), variantSeg(vp.Name))
		})
	default:
		return fmt.Errorf("codec: internal error: plan kind %v", p.Kind)
	}
	return nil
}

// enumName returns the index of raw's name in p's enum, or -1 when p has
// no names or raw is not declared.
func enumName(p *plan.Plan, raw uint64) int {
	if p.Enum == nil || p.Enum.Names == nil {
		return -1
	}
	return p.Enum.Index(raw)
}

// floatBits reads the IEEE bits of an addressable float32 or float64.
func floatBits(v reflect.Value, width int) uint64 {
	return readBits(mem(v, width), width)
}

func readBits(m []byte, width int) uint64 {
	if width == 4 {
		return uint64(binary.NativeEndian.Uint32(m))
	}
	return binary.NativeEndian.Uint64(m)
}

func (w *jsonWriter) float(bits uint64, width, indent int) {
	f := math.Float64frombits(bits)
	nan := jsonNaN64
	if width == 4 {
		f = float64(math.Float32frombits(uint32(bits)))
		nan = jsonNaN32
	}
	switch {
	case math.IsNaN(f) && bits == nan:
		w.buf = append(w.buf, `"NaN"`...)
	case math.IsNaN(f):
		_ = w.single("float_bits", indent, func() error {
			w.buf = fmt.Appendf(w.buf, `"0x%0*x"`, 2*width, bits)
			return nil
		})
	case math.IsInf(f, 1):
		w.buf = append(w.buf, `"+Inf"`...)
	case math.IsInf(f, -1):
		w.buf = append(w.buf, `"-Inf"`...)
	default:
		w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, 8*width)
	}
}

// text writes the bytes of a string or []byte: a JSON string when they
// are valid UTF-8, else their hex form.
func (w *jsonWriter) text(s string, indent int) {
	if utf8.ValidString(s) {
		w.buf = appendJSONString(w.buf, s)
		return
	}
	_ = w.single("hex", indent, func() error {
		w.buf = append(w.buf, '"')
		w.buf = hex.AppendEncode(w.buf, []byte(s))
		w.buf = append(w.buf, '"')
		return nil
	})
}

// opaque writes a type that marshals itself.
func (w *jsonWriter) opaque(p *plan.Plan, v reflect.Value, indent int) error {
	b, err := opaqueBytes(p, v)
	if err != nil {
		return err
	}
	if !p.Text {
		if s, ok := exactText(p, v, b); ok {
			return w.single("text", indent, func() error {
				w.buf = appendJSONString(w.buf, s)
				return nil
			})
		}
	}
	w.text(string(b), indent)
	return nil
}

// hasText reports whether an Opaque plan's type has both text methods.
func hasText(p *plan.Plan) bool {
	pt := reflect.PointerTo(p.Type)
	return pt.Implements(reflect.TypeFor[encoding.TextMarshaler]()) &&
		pt.Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}

// exactText returns the text form of a binary Opaque value whose binary
// form is bin, when the type has text methods and that text converts back
// to the same binary form.
func exactText(p *plan.Plan, v reflect.Value, bin []byte) (string, bool) {
	if !hasText(p) {
		return "", false
	}
	text, err := v.Addr().Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil || !utf8.Valid(text) {
		return "", false
	}
	back := reflect.New(p.Type)
	if back.Interface().(encoding.TextUnmarshaler).UnmarshalText(bytes.Clone(text)) != nil {
		return "", false
	}
	again, err := opaqueBytes(p, back.Elem())
	if err != nil || !bytes.Equal(again, bin) {
		return "", false
	}
	return string(text), true
}

type jsonEntry struct {
	key, val reflect.Value
	enc      []byte // the key's binary encoding, or its string
}

func (w *jsonWriter) mapValue(p *plan.Plan, v reflect.Value, indent int) error {
	if v.IsNil() {
		w.buf = append(w.buf, "null"...)
		return nil
	}
	entries := make([]jsonEntry, 0, v.Len())
	object := p.Key.Kind == plan.String
	for it := v.MapRange(); it.Next(); {
		e := jsonEntry{key: reflect.New(p.Key.Type).Elem(), val: reflect.New(p.Elem.Type).Elem()}
		e.key.SetIterKey(it)
		e.val.SetIterValue(it)
		if object {
			if s := e.key.String(); utf8.ValidString(s) {
				e.enc = []byte(s)
			} else {
				object = false
			}
		}
		entries = append(entries, e)
	}
	if !object {
		for i := range entries {
			var err error
			if entries[i].enc, err = w.keys.value(nil, p.Key, entries[i].key, 0); err != nil {
				return at(err, keySeg(i))
			}
		}
	}
	// Strings sort by their bytes too, so one comparison serves both.
	slices.SortFunc(entries, func(a, b jsonEntry) int { return bytes.Compare(a.enc, b.enc) })
	if object {
		w.buf = append(w.buf, '{')
		for i, e := range entries {
			w.item(i, indent)
			w.name(e.key.String())
			if err := w.value(p.Elem, e.val, indent+1); err != nil {
				return at(err, valSeg(i))
			}
		}
		w.end(len(entries), indent, '}')
		return nil
	}
	w.buf = append(w.buf, '[')
	for i, e := range entries {
		w.item(i, indent)
		w.buf = append(w.buf, '{')
		w.item(0, indent+1)
		w.name("key")
		if err := w.value(p.Key, e.key, indent+2); err != nil {
			return at(err, keySeg(i))
		}
		w.item(1, indent+1)
		w.name("value")
		if err := w.value(p.Elem, e.val, indent+2); err != nil {
			return at(err, valSeg(i))
		}
		w.end(2, indent+1, '}')
	}
	w.end(len(entries), indent, ']')
	return nil
}

// appendJSONString appends s, valid UTF-8, as a JSON string. Only what
// JSON requires is escaped, and U+2028 and U+2029, which some JSON readers
// take for line ends.
func appendJSONString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c == '\n':
			buf = append(buf, '\\', 'n')
		case c == '\r':
			buf = append(buf, '\\', 'r')
		case c == '\t':
			buf = append(buf, '\\', 't')
		case c < 0x20:
			buf = fmt.Appendf(buf, `\u%04x`, c)
		case c == 0xe2 && strings.HasPrefix(s[i:], "\u2028"):
			buf = append(buf, `\u2028`...)
			i += 3
			continue
		case c == 0xe2 && strings.HasPrefix(s[i:], "\u2029"):
			buf = append(buf, `\u2029`...)
			i += 3
			continue
		default:
			buf = append(buf, c)
		}
		i++
	}
	return append(buf, '"')
}
