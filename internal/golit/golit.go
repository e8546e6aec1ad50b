// Package golit writes a value of a fuzz target's input type as Go source:
// a composite literal that builds the same value, for the regression tests
// `structfuzz test` writes from crash files. It follows the type model
// (package plan): encoded fields only, unions as their variant's value,
// opaque values through the methods that encode them.
package golit

import (
	"encoding"
	"fmt"
	"go/token"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// Printer writes values as Go expressions for code in one package, and
// records the imports those expressions need.
type Printer struct {
	// Pkg is the import path of the package the code goes into: its own
	// types are written unqualified.
	Pkg string
	// Names, when set, names constants of Pkg to write integers of named
	// types with: by type ("import/path.Type"), the name of each value
	// (its decimal form). Op: Deposit reads better than Op: 1.
	Names   map[string]map[string]string
	imports map[string]string // import path -> the name the code uses
	taken   map[string]string // name -> import path
}

// Import is one import the printed expressions need.
type Import struct{ Name, Path string }

// Imports returns the imports the expressions printed so far need, sorted
// by path. Name is the package's own name unless two paths share it.
func (pr *Printer) Imports() []Import {
	var out []Import
	for path, name := range pr.imports {
		out = append(out, Import{name, path})
	}
	slices.SortFunc(out, func(a, b Import) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Pointer writes an expression of type *T for v, a value of type T: &T{...}
// for a struct, a function literal returning a pointer to the value for
// anything else.
func (pr *Printer) Pointer(v reflect.Value) (string, error) {
	p, err := plan.For(v.Type())
	if err != nil {
		return "", err
	}
	return pr.pointerTo(p, v)
}

// Value writes an expression of type T for v.
func (pr *Printer) Value(v reflect.Value) (string, error) {
	p, err := plan.For(v.Type())
	if err != nil {
		return "", err
	}
	return pr.expr(p, v, false)
}

// expr writes v, of plan p. typed says the expression goes where its type
// is known (a struct field, an element, a map key or value): an untyped
// constant will do there, and a composite literal's type may be left out
// of an element (elision is the caller's).
func (pr *Printer) expr(p *plan.Plan, v reflect.Value, typed bool) (string, error) {
	t := v.Type()
	switch p.Kind {
	case plan.Bool:
		return pr.constant(t, strconv.FormatBool(v.Bool()), "bool", typed)
	case plan.Int:
		if name := pr.named(t, strconv.FormatInt(v.Int(), 10)); name != "" {
			return name, nil
		}
		return pr.constant(t, strconv.FormatInt(v.Int(), 10), "int", typed)
	case plan.Uint:
		if name := pr.named(t, strconv.FormatUint(v.Uint(), 10)); name != "" {
			return name, nil
		}
		return pr.constant(t, strconv.FormatUint(v.Uint(), 10), "int", typed)
	case plan.Float:
		return pr.float(t, v.Float(), p.Width*8, typed)
	case plan.Complex:
		bits := p.Width * 4
		re, err := pr.floatPart(real(v.Complex()), bits)
		if err != nil {
			return "", err
		}
		im, err := pr.floatPart(imag(v.Complex()), bits)
		if err != nil {
			return "", err
		}
		return pr.convert(t, "complex("+re+", "+im+")")
	case plan.String:
		return pr.constant(t, strconv.Quote(v.String()), "string", typed)
	case plan.Bytes:
		if v.IsNil() {
			return pr.nilOf(t, typed)
		}
		if t.Elem() == reflect.TypeFor[byte]() {
			if t == reflect.TypeFor[[]byte]() || typed {
				return "[]byte(" + strconv.Quote(string(v.Bytes())) + ")", nil
			}
			return pr.convert(t, "[]byte("+strconv.Quote(string(v.Bytes()))+")")
		}
		return pr.composite(p, v)
	case plan.Slice, plan.Map:
		if v.IsNil() {
			return pr.nilOf(t, typed)
		}
		return pr.composite(p, v)
	case plan.Array, plan.Struct:
		return pr.composite(p, v)
	case plan.Pointer:
		if v.IsNil() {
			return pr.nilOf(t, typed)
		}
		return pr.pointerTo(p.Elem, v.Elem())
	case plan.Union:
		if v.IsNil() {
			return pr.nilOf(t, typed)
		}
		c := v.Elem()
		for i := range p.Variants {
			if vr := &p.Variants[i]; vr.Type == c.Type() {
				// The interface needs the variant's own type: untyped.
				return pr.expr(vr.Plan, c, false)
			}
		}
		return "", fmt.Errorf("%v holds %v, which is not one of its registered variants", t, c.Type())
	case plan.Opaque:
		return pr.opaque(p, v)
	}
	return "", fmt.Errorf("%v: no Go literal for a value of kind %v", t, p.Kind)
}

// named returns the name of the constant of type t with the value val
// (its decimal form) in Names, or "". Names are Pkg's, so only its own
// types take them.
func (pr *Printer) named(t reflect.Type, val string) string {
	if pr.Names == nil || t.PkgPath() != pr.Pkg || t.Name() == "" {
		return ""
	}
	return pr.Names[t.PkgPath()+"."+t.Name()][val]
}

// constant writes a constant's literal text lit, converted to t unless the
// context is typed or t is the constant's default type (def).
func (pr *Printer) constant(t reflect.Type, lit, def string, typed bool) (string, error) {
	if typed || t.Name() == def && t.PkgPath() == "" {
		return lit, nil
	}
	return pr.convert(t, lit)
}

// convert writes the conversion of x to t.
func (pr *Printer) convert(t reflect.Type, x string) (string, error) {
	name, err := pr.typeExpr(t)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(name, "*") || strings.HasPrefix(name, "func") || strings.HasPrefix(name, "<-") {
		name = "(" + name + ")"
	}
	return name + "(" + x + ")", nil
}

// nilOf writes a nil of type t.
func (pr *Printer) nilOf(t reflect.Type, typed bool) (string, error) {
	if typed {
		return "nil", nil
	}
	return pr.convert(t, "nil")
}

// float writes a float of the given bits. A finite value is a constant; a
// NaN, an infinity or a negative zero is built from its bits, which keeps
// a NaN's payload and the zero's sign.
func (pr *Printer) float(t reflect.Type, x float64, bits int, typed bool) (string, error) {
	if special(x) {
		s, err := pr.floatPart(x, bits)
		if err != nil {
			return "", err
		}
		if t.PkgPath() == "" && t.Name() == fmt.Sprintf("float%d", bits) {
			return s, nil
		}
		return pr.convert(t, s)
	}
	return pr.constant(t, strconv.FormatFloat(x, 'g', -1, bits), "float64", typed)
}

// floatPart writes a float of the given bits as a constant or, for a
// special value, a call of math.FloatXXfrombits.
func (pr *Printer) floatPart(x float64, bits int) (string, error) {
	if !special(x) {
		return strconv.FormatFloat(x, 'g', -1, bits), nil
	}
	m := pr.use("math", "math")
	if bits == 32 {
		return fmt.Sprintf("%s.Float32frombits(%#x)", m, math.Float32bits(float32(x))), nil
	}
	return fmt.Sprintf("%s.Float64frombits(%#x)", m, math.Float64bits(x)), nil
}

// special reports a float that no constant spells: NaN, ±Inf, -0.
func special(x float64) bool {
	return math.IsNaN(x) || math.IsInf(x, 0) || x == 0 && math.Signbit(x)
}

// pointerTo writes a pointer to v, of plan p: &T{...} for a composite, a
// function literal for anything else.
func (pr *Printer) pointerTo(p *plan.Plan, v reflect.Value) (string, error) {
	if isComposite(p) {
		s, err := pr.composite(p, v)
		if err != nil {
			return "", err
		}
		return "&" + s, nil
	}
	pt, err := pr.typeExpr(reflect.PointerTo(v.Type()))
	if err != nil {
		return "", err
	}
	x, err := pr.expr(p, v, false)
	if err != nil {
		return "", err
	}
	return "func() " + pt + " { v := " + x + "; return &v }()", nil
}

// isComposite reports a plan whose values are written as composite
// literals (T{...}) in every case.
func isComposite(p *plan.Plan) bool {
	return p.Kind == plan.Struct || p.Kind == plan.Array
}

// zero reports whether v is all zero bits, which a literal may leave out.
// reflect.Value.IsZero compares with ==, to which -0 is zero, and the
// encoding tells -0 from 0.
func zero(v reflect.Value) bool {
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	for _, b := range unsafe.Slice((*byte)(v.Addr().UnsafePointer()), v.Type().Size()) {
		if b != 0 {
			return false
		}
	}
	return true
}

// elidable reports whether the element expression s, of plan p, may drop
// its type in a composite literal of its container: T{...} becomes {...}
// and &T{...} becomes {...}.
func elidable(p *plan.Plan, s string) (string, bool) {
	switch {
	case isComposite(p) || (p.Kind == plan.Slice || p.Kind == plan.Map) && s != "nil":
		if i := strings.IndexByte(s, '{'); i > 0 && !strings.HasPrefix(s, "func") {
			return s[i:], true
		}
	case p.Kind == plan.Pointer && isComposite(p.Elem) && strings.HasPrefix(s, "&"):
		if i := strings.IndexByte(s, '{'); i > 0 {
			return s[i:], true
		}
	}
	return s, false
}

// composite writes the composite literal of v, of plan p: a Struct, Array,
// Slice, Map or Bytes of non-byte elements.
func (pr *Printer) composite(p *plan.Plan, v reflect.Value) (string, error) {
	name, err := pr.typeExpr(v.Type())
	if err != nil {
		return "", err
	}
	var elems []string
	switch p.Kind {
	case plan.Struct:
		for _, f := range p.Fields {
			fv := v.Field(f.Index)
			if zero(fv) {
				continue
			}
			if !token.IsExported(f.Name) && v.Type().PkgPath() != pr.Pkg {
				return "", fmt.Errorf("%v.%s is unexported: a literal outside %s cannot set it", v.Type(), f.Name, v.Type().PkgPath())
			}
			s, err := pr.expr(f.Plan, fv, true)
			if err != nil {
				return "", err
			}
			elems = append(elems, f.Name+": "+s)
		}
	case plan.Array:
		sparse := false
		for i := 0; i < v.Len(); i++ {
			sparse = sparse || zero(v.Index(i))
		}
		for i := 0; i < v.Len(); i++ {
			e := v.Index(i)
			if sparse && zero(e) {
				continue
			}
			s, err := pr.element(p.Elem, e)
			if err != nil {
				return "", err
			}
			if sparse {
				s = strconv.Itoa(i) + ": " + s
			}
			elems = append(elems, s)
		}
	case plan.Slice, plan.Bytes:
		for i := 0; i < v.Len(); i++ {
			s, err := pr.element(p.Elem, v.Index(i))
			if err != nil {
				return "", err
			}
			elems = append(elems, s)
		}
	case plan.Map:
		type entry struct{ k, v string }
		var entries []entry
		it := v.MapRange()
		for it.Next() {
			k, err := pr.element(p.Key, it.Key())
			if err != nil {
				return "", err
			}
			val, err := pr.element(p.Elem, it.Value())
			if err != nil {
				return "", err
			}
			entries = append(entries, entry{k, val})
		}
		slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.k, b.k) })
		for _, e := range entries {
			elems = append(elems, e.k+": "+e.v)
		}
	default:
		return "", fmt.Errorf("%v: not a composite", v.Type())
	}
	return name + block(elems), nil
}

// element writes an element, key or value of a composite literal, with its
// type left out where Go allows.
func (pr *Printer) element(p *plan.Plan, v reflect.Value) (string, error) {
	s, err := pr.expr(p, v, true)
	if err != nil {
		return "", err
	}
	s, _ = elidable(p, s)
	return s, nil
}

// block writes the braces of a composite literal around elems: on one
// line when they are few and short, else one element a line (gofmt
// indents them).
func block(elems []string) string {
	if len(elems) == 0 {
		return "{}"
	}
	n := 0
	multi := false
	for _, e := range elems {
		n += len(e) + 2
		multi = multi || strings.Contains(e, "\n")
	}
	if !multi && n <= 60 {
		return "{" + strings.Join(elems, ", ") + "}"
	}
	return "{\n" + strings.Join(elems, ",\n") + ",\n}"
}

// opaque writes a value that encodes itself: a function literal that
// decodes it from the bytes its methods give, as the codec does.
func (pr *Printer) opaque(p *plan.Plan, v reflect.Value) (string, error) {
	name, err := pr.typeExpr(v.Type())
	if err != nil {
		return "", err
	}
	if zero(v) {
		return zeroOf(name, p), nil
	}
	if !v.CanAddr() {
		// A map's entry or a union's content: the methods may want a
		// pointer.
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	b, err := p.MarshalOpaque(v)
	if err != nil {
		return "", fmt.Errorf("%v: %w", v.Type(), err)
	}
	method := "UnmarshalBinary"
	if p.Text {
		method = "UnmarshalText"
	} else if text, ok := asText(p, v, b); ok {
		method, b = "UnmarshalText", text
	}
	return fmt.Sprintf("func() %s {\nvar v %s\nif err := v.%s([]byte(%s)); err != nil {\npanic(err)\n}\nreturn v\n}()",
		name, name, method, strconv.Quote(string(b))), nil
}

// asText returns the text form of v, an opaque value that encodes in
// binary as enc, when its type has one that gives the value back: a time
// reads better as 2024-01-02T03:04:05Z than as its binary encoding.
func asText(p *plan.Plan, v reflect.Value, enc []byte) ([]byte, bool) {
	m, ok := v.Addr().Interface().(encoding.TextMarshaler)
	if !ok {
		return nil, false
	}
	text, err := m.MarshalText()
	if err != nil {
		return nil, false
	}
	back := reflect.New(v.Type())
	u, ok := back.Interface().(encoding.TextUnmarshaler)
	if !ok || u.UnmarshalText(text) != nil {
		return nil, false
	}
	again, err := p.MarshalOpaque(back.Elem())
	if err != nil || string(again) != string(enc) {
		return nil, false
	}
	return text, true
}

// zeroOf writes the zero value of a type named name.
func zeroOf(name string, p *plan.Plan) string {
	if p.Type.Kind() == reflect.Struct || p.Type.Kind() == reflect.Array {
		return name + "{}"
	}
	return "*new(" + name + ")"
}

// typeExpr writes the Go type t as code in pr.Pkg sees it.
func (pr *Printer) typeExpr(t reflect.Type) (string, error) {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), nil // predeclared
		}
		if strings.ContainsRune(t.Name(), '[') {
			return "", fmt.Errorf("%v: generic types are not written as literals yet", t)
		}
		if t.PkgPath() == pr.Pkg {
			return t.Name(), nil
		}
		if !token.IsExported(t.Name()) {
			return "", fmt.Errorf("%v is unexported: code outside %s cannot name it", t, t.PkgPath())
		}
		pkgName, _, _ := strings.Cut(t.String(), ".")
		return pr.use(t.PkgPath(), strings.TrimLeft(pkgName, "*[]")) + "." + t.Name(), nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		e, err := pr.typeExpr(t.Elem())
		return "*" + e, err
	case reflect.Slice:
		if t.Elem() == reflect.TypeFor[byte]() {
			return "[]byte", nil
		}
		e, err := pr.typeExpr(t.Elem())
		return "[]" + e, err
	case reflect.Array:
		e, err := pr.typeExpr(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), e), err
	case reflect.Map:
		k, err := pr.typeExpr(t.Key())
		if err != nil {
			return "", err
		}
		e, err := pr.typeExpr(t.Elem())
		return "map[" + k + "]" + e, err
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any", nil
		}
	case reflect.Struct:
		var fields []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			ft, err := pr.typeExpr(f.Type)
			if err != nil {
				return "", err
			}
			s := f.Name + " " + ft
			if f.Anonymous {
				s = ft
			}
			if f.Tag != "" {
				s += " " + strconv.Quote(string(f.Tag))
			}
			fields = append(fields, s)
		}
		return "struct{ " + strings.Join(fields, "; ") + " }", nil
	}
	return "", fmt.Errorf("%v: no Go type expression for it", t)
}

// use records the import of path, whose package is called name, and
// returns the name the code uses for it.
func (pr *Printer) use(path, name string) string {
	if pr.imports == nil {
		pr.imports, pr.taken = map[string]string{}, map[string]string{}
	}
	if n, ok := pr.imports[path]; ok {
		return n
	}
	n := name
	for i := 2; pr.taken[n] != "" || n == "testing" && path != "testing"; i++ {
		n = fmt.Sprintf("%s%d", name, i)
	}
	pr.imports[path], pr.taken[n] = n, path
	return n
}
