// Package schema describes the byte layout of a structfuzz input type
// without the Go type: a Schema is built from the compiled type model
// (package plan) and saved beside a corpus, so that a later version of the
// program can tell how its type differs from the one that wrote the files
// (Diff), decode those files with the recorded layout into a generic tree
// (Decode), carry the tree over to the new layout by field and variant
// names (Convert) and encode it again (Encode).
//
// A Schema lists types in a table; the root is Types[0], and types refer
// to each other by index, so recursive types need no special form.
package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// maxArrayLen bounds the length of an array in a parsed schema.
const maxArrayLen = 1 << 24

// Version is the version of the schema file format.
const Version = 1

// Schema is the recorded layout of an input type.
type Schema struct {
	Version int `json:"version"`
	// Root names the input type, e.g. "Request".
	Root string `json:"root"`
	// Fingerprint is a hash of everything in Types that affects the bytes
	// or their meaning (type names aside): equal fingerprints, same layout.
	Fingerprint string `json:"fingerprint"`
	// Types holds the root at index 0 and every type it reaches.
	Types []Type `json:"types"`
}

// Type is one type of a Schema.
type Type struct {
	// Name is the type's short name, e.g. "Request" or "[]uint8".
	Name string `json:"name"`
	// Kind is plan.Kind's name: bool, int, uint, float, complex, string,
	// bytes, slice, array, map, pointer, struct, union or opaque.
	Kind string `json:"kind"`
	// Width is the byte width of a scalar.
	Width int `json:"width,omitempty"`
	// Len is the length of an array.
	Len int `json:"len,omitempty"`
	// Elem and Key index the element (of a slice, array, pointer, map
	// value) and the key of a map.
	Elem *int `json:"elem,omitempty"`
	Key  *int `json:"key,omitempty"`
	// Fields are a struct's encoded fields in encoding order.
	Fields []Field `json:"fields,omitempty"`
	// Variants are a union's variants in tag order (tag i+1 is
	// Variants[i]).
	Variants []Variant `json:"variants,omitempty"`
	// Enum lists the declared values of an enum.
	Enum *Enum `json:"enum,omitempty"`
	// Range is a min=/max= constraint, written "[min, max]".
	Range string `json:"range,omitempty"`
	// MinLen and MaxLen bound a length; MaxLen is nil when unbounded.
	MinLen int  `json:"minlen,omitempty"`
	MaxLen *int `json:"maxlen,omitempty"`
	// UTF8 requires valid UTF-8.
	UTF8 bool `json:"utf8,omitempty"`
	// Oneof lists the values a string may take (a oneof= tag).
	Oneof []string `json:"oneof,omitempty"`
	// Text reports an opaque type that marshals itself as text.
	Text bool `json:"text,omitempty"`
}

// Field is one encoded struct field.
type Field struct {
	Name string `json:"name"`
	Type int    `json:"type"`
	// Tag is the raw `fuzz:` tag, for people; its effect is in the field's
	// type (Range, MinLen, ...).
	Tag string `json:"tag,omitempty"`
}

// Variant is one alternative of a union.
type Variant struct {
	Name string `json:"name"`
	Type int    `json:"type"`
}

// Enum is the declared value set of an enum, in declaration order.
type Enum struct {
	// Values are the raw 64-bit patterns (signed values sign-extended).
	Values []uint64 `json:"values"`
	// Names are the values' String() names, when the type has them.
	Names []string `json:"names,omitempty"`
}

// Build describes the plan p.
func Build(p *plan.Plan) *Schema {
	b := builder{index: map[*plan.Plan]int{}}
	b.add(p)
	s := &Schema{Version: Version, Root: p.Name, Types: b.types}
	s.Fingerprint = s.ComputeFingerprint()
	return s
}

type builder struct {
	index map[*plan.Plan]int
	types []Type
}

func (b *builder) add(p *plan.Plan) int {
	if i, ok := b.index[p]; ok {
		return i
	}
	i := len(b.types)
	b.index[p] = i
	b.types = append(b.types, Type{})
	t := Type{Name: p.Name, Kind: p.Kind.String(), Width: p.Width}
	ref := func(q *plan.Plan) *int { j := b.add(q); return &j }
	switch p.Kind {
	case plan.Int, plan.Uint, plan.Float:
		if p.Enum != nil {
			t.Enum = &Enum{Values: append([]uint64(nil), p.Enum.Values...), Names: append([]string(nil), p.Enum.Names...)}
		}
		if p.Limits.HasRange {
			switch p.Kind {
			case plan.Int:
				t.Range = fmt.Sprintf("[%d, %d]", p.Limits.IntMin, p.Limits.IntMax)
			case plan.Uint:
				t.Range = fmt.Sprintf("[%d, %d]", p.Limits.UintMin, p.Limits.UintMax)
			default:
				t.Range = fmt.Sprintf("[%g, %g]", p.Limits.FloatMin, p.Limits.FloatMax)
			}
		}
	case plan.String, plan.Bytes, plan.Slice, plan.Map, plan.Opaque:
		t.MinLen = p.Limits.MinLen
		if p.Limits.MaxLen < plan.MaxLength {
			n := p.Limits.MaxLen
			t.MaxLen = &n
		}
		t.UTF8 = p.Limits.UTF8
		t.Text = p.Kind == plan.Opaque && p.Text
		if p.Choices != nil {
			t.Oneof = append([]string(nil), p.Choices.Texts...)
		}
	}
	switch p.Kind {
	case plan.Bytes, plan.Slice, plan.Pointer:
		t.Elem = ref(p.Elem)
	case plan.Array:
		t.Len = p.Len
		t.Elem = ref(p.Elem)
	case plan.Map:
		t.Key = ref(p.Key)
		t.Elem = ref(p.Elem)
	case plan.Struct:
		for _, f := range p.Fields {
			t.Fields = append(t.Fields, Field{Name: f.Name, Type: b.add(f.Plan), Tag: f.Tag})
		}
	case plan.Union:
		for _, v := range p.Variants {
			t.Variants = append(t.Variants, Variant{Name: v.Name, Type: b.add(v.Plan)})
		}
	}
	b.types[i] = t
	return i
}

// ComputeFingerprint hashes the layout: every type with its name and raw
// tags left out (renaming a type changes nothing in the bytes, and a tag's
// effect is recorded in the field's type), field and variant names kept.
func (s *Schema) ComputeFingerprint() string {
	types := make([]Type, len(s.Types))
	for i, t := range s.Types {
		t.Name = ""
		t.Fields = append([]Field(nil), t.Fields...)
		for j := range t.Fields {
			t.Fields[j].Tag = "" // its effect is in the field's type
		}
		types[i] = t
	}
	js, _ := json.Marshal(types)
	sum := sha256.Sum256(js)
	return "sha256:" + hex.EncodeToString(sum[:16])
}

// Marshal returns the schema as indented JSON (schema.json).
func (s *Schema) Marshal() []byte {
	js, _ := json.MarshalIndent(s, "", "  ")
	return append(js, '\n')
}

// Parse reads a schema written by Marshal and checks that it is well
// formed: every index in range, a known kind everywhere.
func Parse(data []byte) (*Schema, error) {
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if s.Version != Version {
		return nil, fmt.Errorf("schema: version %d, this structfuzz reads version %d", s.Version, Version)
	}
	if len(s.Types) == 0 {
		return nil, fmt.Errorf("schema: no types")
	}
	ok := func(i *int) bool { return i != nil && *i >= 0 && *i < len(s.Types) }
	for i, t := range s.Types {
		bad := func(what string) error { return fmt.Errorf("schema: type %d (%s): %s", i, t.Name, what) }
		switch t.Kind {
		case "bool", "int", "uint", "float", "complex":
			if !validWidth(t.Kind, t.Width) {
				return nil, bad("bad width " + strconv.Itoa(t.Width))
			}
		case "string", "opaque", "struct", "union":
		case "bytes", "slice", "pointer", "array":
			if !ok(t.Elem) || t.Len < 0 || t.Len > maxArrayLen {
				return nil, bad("bad element")
			}
		case "map":
			if !ok(t.Elem) || !ok(t.Key) {
				return nil, bad("bad key or value")
			}
		default:
			return nil, bad("unknown kind " + strconv.Quote(t.Kind))
		}
		for _, f := range t.Fields {
			if !ok(&f.Type) {
				return nil, bad("bad field " + f.Name)
			}
		}
		for _, v := range t.Variants {
			if !ok(&v.Type) {
				return nil, bad("bad variant " + v.Name)
			}
		}
		if len(t.Variants) > math.MaxUint16 {
			return nil, bad("too many variants")
		}
	}
	if i, ok := requiredCycle(&s); ok {
		return nil, fmt.Errorf("schema: type %d (%s) contains itself with no optional step (pointer, slice, map or union) between", i, s.Types[i].Name)
	}
	return &s, nil
}

// requiredCycle finds a type that contains itself through struct fields
// and array elements alone, which no finite input can encode.
func requiredCycle(s *Schema) (int, bool) {
	state := make([]uint8, len(s.Types)) // 0 new, 1 on the path, 2 done
	var visit func(i int) bool
	visit = func(i int) bool {
		if state[i] == 1 {
			return true
		}
		if state[i] == 2 {
			return false
		}
		state[i] = 1
		t := s.Types[i]
		if t.Kind == "array" && visit(*t.Elem) {
			return true
		}
		for _, f := range t.Fields {
			if t.Kind == "struct" && visit(f.Type) {
				return true
			}
		}
		state[i] = 2
		return false
	}
	for i := range s.Types {
		if visit(i) {
			return i, true
		}
	}
	return 0, false
}

func validWidth(kind string, w int) bool {
	switch kind {
	case "bool":
		return w == 1
	case "int", "uint":
		return w == 1 || w == 2 || w == 4 || w == 8
	case "float":
		return w == 4 || w == 8
	default:
		return w == 8 || w == 16
	}
}

// Text returns the readable description (schema.txt): every struct and
// union with its fields or variants in encoding order, each with its type
// and constraints.
func (s *Schema) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "structfuzz schema of %s (format version %d)\nfingerprint %s\n", s.Root, s.Version, s.Fingerprint)
	b.WriteString("Fields and variants are listed in encoding order; changing that order changes the meaning of old inputs.\n")
	for i, t := range s.Types {
		switch t.Kind {
		case "struct":
			fmt.Fprintf(&b, "\nstruct %s (#%d)\n", t.Name, i)
			for j, f := range t.Fields {
				tag := ""
				if f.Tag != "" {
					tag = "  `fuzz:\"" + f.Tag + "\"`"
				}
				fmt.Fprintf(&b, "  %2d. %s %s%s\n", j+1, f.Name, s.Describe(f.Type), tag)
			}
			if len(t.Fields) == 0 {
				b.WriteString("  (no encoded fields)\n")
			}
		case "union":
			fmt.Fprintf(&b, "\nunion %s (#%d): a uint16 tag, 0 is nil\n", t.Name, i)
			for j, v := range t.Variants {
				fmt.Fprintf(&b, "  tag %d: %s %s\n", j+1, v.Name, s.Describe(v.Type))
			}
		}
	}
	return b.String()
}

// Describe renders type i in one line: structs and unions by name and
// index, anything else spelled out with its constraints.
func (s *Schema) Describe(i int) string {
	return s.describe(i, map[int]bool{})
}

func (s *Schema) describe(i int, seen map[int]bool) string {
	t := s.Types[i]
	if seen[i] {
		return t.Name + " (#" + strconv.Itoa(i) + ")"
	}
	seen[i] = true
	defer delete(seen, i)
	var d string
	switch t.Kind {
	case "struct", "union":
		return t.Name + " (#" + strconv.Itoa(i) + ")"
	case "bool":
		d = "bool"
	case "int", "uint", "float", "complex":
		d = t.Kind + strconv.Itoa(8*t.Width)
		if t.Name != d {
			d = t.Name + " (" + d + ")"
		}
	case "string":
		d = "string"
	case "opaque":
		d = t.Name + " (opaque, MarshalBinary)"
		if t.Text {
			d = t.Name + " (opaque, MarshalText)"
		}
	case "bytes", "slice":
		d = "[]" + s.describe(*t.Elem, seen)
	case "array":
		d = "[" + strconv.Itoa(t.Len) + "]" + s.describe(*t.Elem, seen)
	case "pointer":
		d = "*" + s.describe(*t.Elem, seen)
	case "map":
		d = "map[" + s.describe(*t.Key, seen) + "]" + s.describe(*t.Elem, seen)
	}
	var c []string
	if t.Enum != nil {
		c = append(c, "enum "+s.enumText(t))
	}
	if t.Range != "" {
		c = append(c, "range "+t.Range)
	}
	if t.MinLen > 0 {
		c = append(c, "minlen="+strconv.Itoa(t.MinLen))
	}
	if t.MaxLen != nil {
		c = append(c, "maxlen="+strconv.Itoa(*t.MaxLen))
	}
	if t.UTF8 {
		c = append(c, "utf8")
	}
	if t.Oneof != nil {
		c = append(c, oneofText(t.Oneof))
	}
	if len(c) > 0 {
		d += " " + strings.Join(c, ", ")
	}
	return d
}

// oneofText renders a string's choices as its tag does.
func oneofText(texts []string) string { return "oneof=" + strings.Join(texts, "|") }

// enumText renders an enum's values, named when they have names.
func (s *Schema) enumText(t Type) string {
	parts := make([]string, len(t.Enum.Values))
	for i, v := range t.Enum.Values {
		parts[i] = rawText(t, v)
		if t.Enum.Names != nil {
			parts[i] += "=" + t.Enum.Names[i]
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// rawText prints a raw scalar of type t as a number.
func rawText(t Type, v uint64) string {
	if t.Kind == "int" {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatUint(v, 10)
}
