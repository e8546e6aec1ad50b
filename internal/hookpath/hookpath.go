// Package hookpath keeps the path from the root of a value to the node a
// walk is at, for hook.Context's Path. The walks push and pop segments as
// they descend, which costs an append; the text is built only when a hook
// asks for it.
package hookpath

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

type kind uint8

const (
	field   kind = iota // .Name
	index               // [i]
	entry               // the value of a map entry: ["k"], [7] or [key#i]
	key                 // the key of a map entry: [key#i].key
	variant             // .(Name)
)

type seg struct {
	kind kind
	name string
	i    int
	k    reflect.Value // the entry's key, read only when the path is built
}

// Stack is a path from the root of a value. The zero Stack is the root.
type Stack struct {
	segs []seg
}

// Field descends into the struct field name.
func (s *Stack) Field(name string) { s.segs = append(s.segs, seg{kind: field, name: name}) }

// Index descends into element i of an array or slice.
func (s *Stack) Index(i int) { s.segs = append(s.segs, seg{kind: index, i: i}) }

// Entry descends into the value of a map entry: the i-th in the codec's
// key order, whose key is k. k must stay valid until the segment is
// popped.
func (s *Stack) Entry(i int, k reflect.Value) {
	s.segs = append(s.segs, seg{kind: entry, i: i, k: k})
}

// Key descends into the key of a map entry, the i-th in the codec's key
// order, whose key is k (see Entry).
func (s *Stack) Key(i int, k reflect.Value) { s.segs = append(s.segs, seg{kind: key, i: i, k: k}) }

// Variant descends into the content of a union, the variant named name.
func (s *Stack) Variant(name string) { s.segs = append(s.segs, seg{kind: variant, name: name}) }

// Pop leaves the innermost segment.
func (s *Stack) Pop() {
	s.segs[len(s.segs)-1] = seg{}
	s.segs = s.segs[:len(s.segs)-1]
}

// Len returns the number of segments.
func (s *Stack) Len() int { return len(s.segs) }

// Truncate pops segments until n are left.
func (s *Stack) Truncate(n int) {
	clear(s.segs[n:])
	s.segs = s.segs[:n]
}

// String renders the path as hook.Context's Path documents: "" for the
// root.
func (s *Stack) String() string {
	var b strings.Builder
	for _, g := range s.segs {
		switch g.kind {
		case field:
			b.WriteString("." + g.name)
		case index:
			b.WriteString("[" + strconv.Itoa(g.i) + "]")
		case entry:
			b.WriteString("[" + keyText(g.i, g.k) + "]")
		case key:
			b.WriteString("[key#" + strconv.Itoa(g.i) + "].key")
		case variant:
			b.WriteString(".(" + g.name + ")")
		}
	}
	return b.String()
}

// keyText names a map entry by its key when the key is a string or an
// integer, and by its place in key order otherwise.
func keyText(i int, k reflect.Value) string {
	if k.IsValid() {
		switch k.Kind() {
		case reflect.String:
			return strconv.Quote(k.String())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return strconv.FormatInt(k.Int(), 10)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return strconv.FormatUint(k.Uint(), 10)
		}
	}
	return "key#" + strconv.Itoa(i)
}

// Resolve follows a path as String renders it from root and returns the
// value there, for tests and tools that check a path: pointers are
// followed where the path goes on, a map entry is named by its string or
// integer key ([key#i] and .key segments are not resolved), and a
// variant segment must name the union content's type (its name without
// the package).
func Resolve(root reflect.Value, path string) (reflect.Value, error) {
	v := root
	for path != "" {
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		switch {
		case strings.HasPrefix(path, ".("):
			end := strings.IndexByte(path, ')')
			if end < 0 || v.Kind() != reflect.Interface || v.IsNil() {
				return v, fmt.Errorf("hookpath: %q: no union content at %v", path, v.Type())
			}
			name := path[2:end]
			v = v.Elem()
			t := v.Type()
			for t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
			if t.Name() != name {
				return v, fmt.Errorf("hookpath: %q: the union holds %v", path, v.Type())
			}
			path = path[end+1:]
		case path[0] == '.':
			end := 1
			for end < len(path) && path[end] != '.' && path[end] != '[' {
				end++
			}
			if v.Kind() != reflect.Struct {
				return v, fmt.Errorf("hookpath: %q: %v is not a struct", path, v.Type())
			}
			f := v.FieldByName(path[1:end])
			if !f.IsValid() {
				return v, fmt.Errorf("hookpath: %q: %v has no such field", path, v.Type())
			}
			v, path = f, path[end:]
		case path[0] == '[':
			end := closing(path)
			if end < 0 {
				return v, fmt.Errorf("hookpath: %q: unterminated [", path)
			}
			inner := path[1:end]
			path = path[end+1:]
			switch v.Kind() {
			case reflect.Slice, reflect.Array:
				i, err := strconv.Atoi(inner)
				if err != nil || i < 0 || i >= v.Len() {
					return v, fmt.Errorf("hookpath: index %q of %v with %d elements", inner, v.Type(), v.Len())
				}
				v = v.Index(i)
			case reflect.Map:
				k := reflect.New(v.Type().Key()).Elem()
				var err error
				switch k.Kind() {
				case reflect.String:
					var s string
					s, err = strconv.Unquote(inner)
					k.SetString(s)
				case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
					var n int64
					n, err = strconv.ParseInt(inner, 10, 64)
					k.SetInt(n)
				case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
					var n uint64
					n, err = strconv.ParseUint(inner, 10, 64)
					k.SetUint(n)
				default:
					err = fmt.Errorf("keys of %v are not resolved", k.Type())
				}
				if err != nil {
					return v, fmt.Errorf("hookpath: key %s of %v: %w", inner, v.Type(), err)
				}
				e := v.MapIndex(k)
				if !e.IsValid() {
					return v, fmt.Errorf("hookpath: %v has no key %s", v.Type(), inner)
				}
				v = e
			default:
				return v, fmt.Errorf("hookpath: %q: %v is not indexed", path, v.Type())
			}
		default:
			return v, fmt.Errorf("hookpath: cannot read %q", path)
		}
	}
	return v, nil
}

// closing returns the index of the ] that closes the [ at path[0],
// skipping a quoted string inside, or -1.
func closing(path string) int {
	if len(path) > 1 && path[1] == '"' {
		i := 2
		for i < len(path) && path[i] != '"' {
			if path[i] == '\\' {
				i++
			}
			i++
		}
		if i+1 < len(path) && path[i+1] == ']' {
			return i + 1
		}
		return -1
	}
	return strings.IndexByte(path, ']')
}
