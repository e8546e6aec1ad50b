// Package tomlmodel is a typed model of a TOML document (tables, dotted
// keys, every kind of value) and its renderer, shared by the TOML
// libraries' benchmark targets. The renderer writes syntax, not always
// valid TOML: the libraries' decoders are what is fuzzed.
package tomlmodel

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
)

// Doc is the input: a document.
type Doc struct {
	Root   []KeyVal `fuzz:"maxlen=8"`
	Tables []Table  `fuzz:"maxlen=6"`
}

// Table is a [table] or an [[array of tables]] with its pairs.
type Table struct {
	Array bool
	Name  []Key    `fuzz:"minlen=1,maxlen=3"`
	Pairs []KeyVal `fuzz:"maxlen=5"`
}

// Key is one part of a dotted key.
type Key struct {
	Quote uint8  `fuzz:"max=2"` // bare, "basic", 'literal'
	Name  string `fuzz:"maxlen=8"`
}

// KeyVal is key = value.
type KeyVal struct {
	Key []Key `fuzz:"minlen=1,maxlen=3"`
	Val Value
}

// Value is a TOML value.
type Value interface{ value() }

type (
	// Str is a basic, literal or multi-line string.
	Str struct {
		Kind uint8 `fuzz:"max=3"` // basic, literal, multi-line basic, multi-line literal
		S    string
	}
	// Int is an integer in one of four bases.
	Int struct {
		Base        uint8 `fuzz:"max=3"` // decimal, hex, octal, binary
		Sign        uint8 `fuzz:"max=2"` // none, +, -
		N           uint64
		Underscores bool
	}
	// Float is a float or one of the special values.
	Float struct {
		Special uint8 `fuzz:"max=4"` // a number, inf, +inf, -inf, nan
		F       float64
		Exp     bool
	}
	// Bool is true or false.
	Bool struct{ B bool }
	// DateTime is a date-time, date or time, with an offset or local.
	DateTime struct {
		Kind       uint8 `fuzz:"max=3"` // offset date-time, local date-time, local date, local time
		Year       uint16
		Month, Day uint8
		Hour, Min  uint8
		Sec        uint8
		Frac       uint32
		Offset     int16 // minutes; Z when zero and UTC is set
		UTC        bool
		Sep        uint8 `fuzz:"max=2"` // T, t or a space
	}
	// Array is an array of values.
	Array struct {
		Items    []Value `fuzz:"maxlen=5"`
		Newlines bool
		Trailing bool
	}
	// Inline is an inline table.
	Inline struct {
		Pairs []KeyVal `fuzz:"maxlen=4"`
	}
	// Raw is a value written as it is.
	Raw struct{ Text string }
)

func (Str) value()      {}
func (Int) value()      {}
func (Float) value()    {}
func (Bool) value()     {}
func (DateTime) value() {}
func (Array) value()    {}
func (Inline) value()   {}
func (Raw) value()      {}

func init() {
	codec.RegisterUnion[Value](Str{}, Int{}, Float{}, Bool{}, DateTime{}, Array{}, Inline{}, Raw{})
}

// Render writes d as TOML text.
func (d *Doc) Render() []byte {
	var w strings.Builder
	for _, kv := range d.Root {
		w.WriteString(pair(kv) + "\n")
	}
	for _, t := range d.Tables {
		open, end := "[", "]"
		if t.Array {
			open, end = "[[", "]]"
		}
		w.WriteString("\n" + open + keys(t.Name) + end + "\n")
		for _, kv := range t.Pairs {
			w.WriteString(pair(kv) + "\n")
		}
	}
	return []byte(w.String())
}

func pair(kv KeyVal) string { return keys(kv.Key) + " = " + value(kv.Val) }

func keys(ks []Key) string {
	parts := make([]string, len(ks))
	for i, k := range ks {
		switch k.Quote {
		case 0:
			parts[i] = k.Name
		case 1:
			parts[i] = `"` + basic(k.Name) + `"`
		default:
			parts[i] = "'" + k.Name + "'"
		}
	}
	return strings.Join(parts, ".")
}

// basic escapes s for a basic string: quotes, backslashes and control
// characters.
func basic(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func value(v Value) string {
	switch v := v.(type) {
	case nil:
		return ""
	case Str:
		switch v.Kind {
		case 0:
			return `"` + basic(v.S) + `"`
		case 1:
			return "'" + v.S + "'"
		case 2:
			return `"""` + "\n" + v.S + `"""`
		default:
			return "'''" + "\n" + v.S + "'''"
		}
	case Int:
		return integer(v)
	case Float:
		switch v.Special {
		case 1:
			return "inf"
		case 2:
			return "+inf"
		case 3:
			return "-inf"
		case 4:
			return "nan"
		}
		f := 'f'
		if v.Exp {
			f = 'e'
		}
		s := strconv.FormatFloat(v.F, byte(f), -1, 64)
		if !strings.ContainsAny(s, ".eEnN") {
			s += ".0"
		}
		return s
	case Bool:
		return strconv.FormatBool(v.B)
	case DateTime:
		date := fmt.Sprintf("%04d-%02d-%02d", v.Year%10000, v.Month%100, v.Day%100)
		clock := fmt.Sprintf("%02d:%02d:%02d", v.Hour%100, v.Min%100, v.Sec%100)
		if v.Frac != 0 {
			clock += "." + strconv.FormatUint(uint64(v.Frac), 10)
		}
		sep := []string{"T", "t", " "}[v.Sep%3]
		switch v.Kind {
		case 0:
			off := "Z"
			if !v.UTC || v.Offset != 0 {
				o := int(v.Offset)
				sign := "+"
				if o < 0 {
					sign, o = "-", -o
				}
				off = fmt.Sprintf("%s%02d:%02d", sign, o/60%100, o%60)
			}
			return date + sep + clock + off
		case 1:
			return date + sep + clock
		case 2:
			return date
		default:
			return clock
		}
	case Array:
		items := make([]string, len(v.Items))
		for i, it := range v.Items {
			items[i] = value(it)
		}
		sep := ", "
		if v.Newlines {
			sep = ",\n  "
		}
		s := "[" + strings.Join(items, sep)
		if v.Trailing && len(items) > 0 {
			s += ","
		}
		return s + "]"
	case Inline:
		parts := make([]string, len(v.Pairs))
		for i, kv := range v.Pairs {
			parts[i] = pair(kv)
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case Raw:
		return v.Text
	}
	return ""
}

func integer(v Int) string {
	var digits, prefix string
	switch v.Base {
	case 0:
		digits = strconv.FormatUint(v.N, 10)
	case 1:
		prefix, digits = "0x", strconv.FormatUint(v.N, 16)
	case 2:
		prefix, digits = "0o", strconv.FormatUint(v.N, 8)
	default:
		prefix, digits = "0b", strconv.FormatUint(v.N, 2)
	}
	if v.Underscores && len(digits) > 3 {
		var b strings.Builder
		for i, c := range digits {
			if i > 0 && (len(digits)-i)%3 == 0 {
				b.WriteByte('_')
			}
			b.WriteRune(c)
		}
		digits = b.String()
	}
	return []string{"", "+", "-"}[v.Sign%3] + prefix + digits
}
