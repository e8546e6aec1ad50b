package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// tag is a parsed `fuzz:` struct tag.
//
// Syntax: comma-separated options, for example `fuzz:"maxlen=64,utf8"`.
//
//	fuzz:"-"      skip the field
//	min=N         smallest allowed value of an integer or float
//	max=N         largest allowed value of an integer or float
//	len=N         exact length of a string, slice or map
//	minlen=N      smallest length of a string or slice
//	maxlen=N      largest length of a string, slice or map
//	utf8          a string or byte slice must be valid UTF-8
//	oneof=A|B|C   a string or integer is one of the listed values
//
// Value options (min, max, utf8, oneof) apply to the scalar reached through
// pointers, slices, arrays and map values; length options apply to the first
// string, slice or map reached through pointers and arrays. The values of
// oneof are separated by '|' and cannot hold ',' or '|'; an empty value
// (oneof=|GET) is the empty string.
type tag struct {
	skip             bool
	min, max         string // raw numbers, parsed by the kind they meet
	minLen, maxLen   int
	hasMinLen        bool
	hasMaxLen        bool
	utf8             bool
	oneof            []string // the values of oneof=, raw
	hasOneof         bool
	raw              string
	usedRange        bool
	usedLen, usedUTF bool
	usedOneof        bool
	seen             map[*Plan]bool // plans constrain has walked
}

func parseTag(s string) (*tag, error) {
	t := &tag{raw: s, maxLen: MaxLength}
	if s == "" {
		return t, nil
	}
	for _, opt := range strings.Split(s, ",") {
		opt = strings.TrimSpace(opt)
		name, val, hasVal := strings.Cut(opt, "=")
		switch name {
		case "-":
			if hasVal || s != "-" {
				return nil, fmt.Errorf(`"-" must be the whole tag`)
			}
			t.skip = true
			continue
		case "utf8":
			if hasVal {
				return nil, fmt.Errorf("utf8 takes no value")
			}
			t.utf8 = true
			continue
		case "oneof":
			if !hasVal || val == "" {
				return nil, fmt.Errorf("oneof needs values (oneof=A|B|C)")
			}
			if t.hasOneof {
				return nil, fmt.Errorf("oneof given twice")
			}
			t.oneof, t.hasOneof = strings.Split(val, "|"), true
			seen := map[string]bool{}
			for _, v := range t.oneof {
				if seen[v] {
					return nil, fmt.Errorf("oneof lists %q twice", v)
				}
				seen[v] = true
			}
			continue
		case "min", "max", "len", "minlen", "maxlen":
			if !hasVal || val == "" {
				return nil, fmt.Errorf("%s needs a value (%s=N)", name, name)
			}
		case "":
			return nil, fmt.Errorf("empty option")
		default:
			return nil, fmt.Errorf("unknown option %q (want -, min=, max=, len=, minlen=, maxlen=, utf8, oneof=)", name)
		}
		switch name {
		case "min":
			t.min = val
		case "max":
			t.max = val
		default:
			n, err := strconv.ParseUint(val, 10, 32)
			if err != nil || n > MaxLength {
				return nil, fmt.Errorf("%s=%s: want a length between 0 and %d", name, val, uint32(MaxLength))
			}
			switch name {
			case "len":
				t.minLen, t.maxLen, t.hasMinLen, t.hasMaxLen = int(n), int(n), true, true
			case "minlen":
				t.minLen, t.hasMinLen = int(n), true
			case "maxlen":
				t.maxLen, t.hasMaxLen = int(n), true
			}
		}
	}
	if t.minLen > t.maxLen {
		return nil, fmt.Errorf("minlen %d is above maxlen %d", t.minLen, t.maxLen)
	}
	if t.hasOneof && (t.hasRange() || t.utf8) {
		return nil, fmt.Errorf("oneof lists the values: min, max and utf8 do not combine with it")
	}
	return t, nil
}

func (t *tag) hasRange() bool { return t.min != "" || t.max != "" }
func (t *tag) hasLen() bool   { return t.hasMinLen || t.hasMaxLen }
func (t *tag) empty() bool    { return !t.hasRange() && !t.hasLen() && !t.utf8 && !t.hasOneof }

// hasValue reports an option that constrains scalar values.
func (t *tag) hasValue() bool { return t.hasRange() || t.utf8 || t.hasOneof }

// unused names an option no part of the field's type consumed.
func (t *tag) unused() string {
	switch {
	case t.hasRange() && !t.usedRange:
		return "min/max"
	case t.hasLen() && !t.usedLen:
		return "len/minlen/maxlen"
	case t.utf8 && !t.usedUTF:
		return "utf8"
	case t.hasOneof && !t.usedOneof:
		return "oneof"
	}
	return ""
}

// rangeFor parses min and max for a numeric plan kind into l.
func (t *tag) rangeFor(p *Plan, l *Limits) error {
	l.HasRange = true
	switch p.Kind {
	case Int:
		bits := p.Width * 8
		l.IntMin, l.IntMax = -1<<(bits-1), 1<<(bits-1)-1
		for _, b := range []struct {
			name, s string
			dst     *int64
		}{{"min", t.min, &l.IntMin}, {"max", t.max, &l.IntMax}} {
			if b.s != "" {
				v, err := parseInteger(p, b.s)
				if err != nil {
					return fmt.Errorf("%s=%s: %w", b.name, b.s, err)
				}
				*b.dst = int64(v)
			}
		}
		if l.IntMin > l.IntMax {
			return fmt.Errorf("min %d is above max %d", l.IntMin, l.IntMax)
		}
	case Uint:
		l.UintMin, l.UintMax = 0, math.MaxUint64>>(64-p.Width*8)
		for _, b := range []struct {
			name, s string
			dst     *uint64
		}{{"min", t.min, &l.UintMin}, {"max", t.max, &l.UintMax}} {
			if b.s != "" {
				v, err := parseInteger(p, b.s)
				if err != nil {
					return fmt.Errorf("%s=%s: %w", b.name, b.s, err)
				}
				*b.dst = v
			}
		}
		if l.UintMin > l.UintMax {
			return fmt.Errorf("min %d is above max %d", l.UintMin, l.UintMax)
		}
	case Float:
		top := math.MaxFloat64
		if p.Width == 4 {
			top = math.MaxFloat32
		}
		l.FloatMin, l.FloatMax = -top, top
		for _, b := range []struct {
			s   string
			dst *float64
		}{{t.min, &l.FloatMin}, {t.max, &l.FloatMax}} {
			if b.s == "" {
				continue
			}
			v, err := strconv.ParseFloat(b.s, p.Width*8)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%q: not a finite %d-bit float", b.s, p.Width*8)
			}
			*b.dst = v
		}
		if l.FloatMin > l.FloatMax {
			return fmt.Errorf("min %g is above max %g", l.FloatMin, l.FloatMax)
		}
	default:
		return fmt.Errorf("min/max apply to integers and floats, not %s", p.Type)
	}
	return nil
}

// oneofInts parses the values of oneof for an integer plan p as raw
// patterns, the form its Enum holds.
func (t *tag) oneofInts(p *Plan) ([]uint64, error) {
	out := make([]uint64, len(t.oneof))
	for i, s := range t.oneof {
		v, err := parseInteger(p, s)
		if err != nil {
			return nil, fmt.Errorf("oneof value %q: %w", s, err)
		}
		out[i] = v
	}
	return out, nil
}

// parseInteger parses s (decimal, or with a 0x, 0o or 0b prefix) as a
// value of the Int or Uint plan p, and returns its raw pattern: truncated
// to p's width, signed values sign-extended (see normalise).
func parseInteger(p *Plan, s string) (uint64, error) {
	bits := p.Width * 8
	if p.Kind == Int {
		v, err := strconv.ParseInt(s, 0, bits)
		if err != nil {
			return 0, fmt.Errorf("not a %d-bit integer", bits)
		}
		return normalise(p, uint64(v)), nil
	}
	v, err := strconv.ParseUint(s, 0, bits)
	if err != nil {
		return 0, fmt.Errorf("not a %d-bit unsigned integer", bits)
	}
	return v, nil
}
