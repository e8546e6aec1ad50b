package golit_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/golit"
	"github.com/structfuzz/structfuzz/internal/golit/internal/littypes"
	"github.com/structfuzz/structfuzz/mutator"
)

const litPkg = "github.com/structfuzz/structfuzz/internal/golit/internal/littypes"

func ptr[T any](v T) *T { return &v }

// The forms of the literals, case by case: constants untyped where the
// type is known, conversions where it is not, nil and empty apart, special
// floats by their bits, map entries sorted, sparse arrays keyed, element
// types left out.
func TestForms(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any // the value (not a pointer to it)
		want string
		imp  string // the imports wanted, "name path" joined by ";"
	}{
		{"int", int32(-5), "int32(-5)", ""},
		{"default int", 7, "7", ""},
		{"enum", littypes.Kind(2), "Kind(2)", ""},
		{"string", "a\xffb", `"a\xffb"`, ""},
		{"named bool", littypes.Flag(true), "Flag(true)", ""},
		{"float", 1.5, "1.5", ""},
		{"negative zero", math.Copysign(0, -1), "math.Float64frombits(0x8000000000000000)", "math math"},
		{"NaN payload in a named float", littypes.Ratio(math.Float64frombits(0x7ff8000000000123)), "Ratio(math.Float64frombits(0x7ff8000000000123))", "math math"},
		{"float32 inf", float32(math.Inf(1)), "math.Float32frombits(0x7f800000)", "math math"},
		{"complex", complex64(complex(1, -2)), "complex64(complex(1, -2))", ""},
		{"nil bytes", []byte(nil), "[]byte(nil)", ""},
		{"empty bytes", []byte{}, `[]byte("")`, ""},
		{"named bytes", littypes.Raw("ab"), `Raw([]byte("ab"))`, ""},
		{"nil slice", []int8(nil), "[]int8(nil)", ""},
		{"empty slice", []int8{}, "[]int8{}", ""},
		{"slice of arrays", [][2]int8{{1, 2}, {3, 4}}, "[][2]int8{{1, 2}, {3, 4}}", ""},
		{"sparse array", [5]uint8{0, 3, 0, 0, 9}, "[5]uint8{1: 3, 4: 9}", ""},
		{"full array", [2]uint8{1, 2}, "[2]uint8{1, 2}", ""},
		// == says -0 is zero; the encoding does not.
		{"array holding -0", [2]float64{0, math.Copysign(0, -1)}, "[2]float64{1: math.Float64frombits(0x8000000000000000)}", "math math"},
		{"map sorted", map[string]int32{"b": 2, "a": 1}, `map[string]int32{"a": 1, "b": 2}`, ""},
		{"array keys", map[[2]int8]bool{{1, 2}: true}, "map[[2]int8]bool{{1, 2}: true}", ""},
		{"pointer to struct", &littypes.Circle{R: 2}, "&Circle{R: 2}", ""},
		{"pointer to scalar", ptr(int32(4)), "func() *int32 { v := int32(4); return &v }()", ""},
		{"union by value", []littypes.Shape{littypes.Circle{R: 1}, &littypes.Poly{Name: "p"}, littypes.Code(3), littypes.Label("x"), nil},
			`[]Shape{Circle{R: 1}, &Poly{Name: "p"}, Code(3), Label("x"), nil}`, ""},
		{"time, as its text", time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			"func() time.Time {\nvar v time.Time\nif err := v.UnmarshalText([]byte(\"2024-01-02T03:04:05Z\")); err != nil {\npanic(err)\n}\nreturn v\n}()", "time time"},
		{"zero addr", netip.Addr{}, "netip.Addr{}", "netip net/netip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr := golit.Printer{Pkg: litPkg}
			got, err := pr.Value(reflect.ValueOf(tc.v))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			var imps []string
			for _, im := range pr.Imports() {
				imps = append(imps, im.Name+" "+im.Path)
			}
			if g := strings.Join(imps, ";"); g != tc.imp {
				t.Errorf("imports %q, want %q", g, tc.imp)
			}
		})
	}
}

// Integers of the package's own named types are written by the names of
// its constants when the printer has them; other values and other
// packages' types keep their numbers.
func TestNames(t *testing.T) {
	pr := golit.Printer{Pkg: litPkg, Names: map[string]map[string]string{
		litPkg + ".Kind": {"2": "KindTwo", "-3": "KindLow"},
		litPkg + ".Code": {"9": "CodeNine"},
	}}
	for _, tc := range []struct {
		v    any
		want string
	}{
		{[]littypes.Kind{2, -3, 7}, "[]Kind{KindTwo, KindLow, 7}"},
		{littypes.Kind(2), "KindTwo"},
		{[]littypes.Shape{littypes.Code(9)}, "[]Shape{CodeNine}"},
		{int16(2), "int16(2)"},
	} {
		got, err := pr.Value(reflect.ValueOf(tc.v))
		if err != nil || got != tc.want {
			t.Errorf("Value(%v) = %q, %v; want %q", tc.v, got, err, tc.want)
		}
	}
	other := golit.Printer{Pkg: "example.com/elsewhere", Names: pr.Names}
	if got, _ := other.Value(reflect.ValueOf(littypes.Kind(2))); got != "littypes.Kind(2)" {
		t.Errorf("another package's enum: %q, want littypes.Kind(2)", got)
	}
}

// Values no literal can build are errors that name the type.
func TestUnwritable(t *testing.T) {
	type local struct{ A int }
	pr := golit.Printer{Pkg: "example.com/other"}
	_, err := pr.Value(reflect.ValueOf(struct{ L local }{local{1}}))
	if err == nil || !strings.Contains(err.Error(), "local") {
		t.Errorf("a type unexported in another package: err = %v, want one naming it", err)
	}
}

// Every value of a type with every kind, written as a literal, compiles
// and encodes to the bytes the value encodes to. The values are made by
// the mutator from the zero value, and by hand for the special cases; the
// literals go into a test file that `go test` compiles into littypes
// through an overlay, which leaves the source tree untouched.
func TestLiteralsEncodeAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	var values []*littypes.Rich
	nan := math.Float64frombits(0x7ff8000000000777)
	s := "p\xffq"
	ps := &s
	values = append(values,
		&littypes.Rich{Verb: "GET", K: 1},
		&littypes.Rich{Verb: "GET", K: 2, F64: math.Copysign(0, -1), F32: float32(math.Inf(-1)), R: littypes.Ratio(nan),
			C128: complex(nan, math.Inf(1)), Bs: []byte{}, Raw: littypes.Raw{}, Ks: []littypes.Kind{},
			M: map[string]int32{}, PP: &ps, Sh: littypes.Label("\x00"), Shs: []littypes.Shape{nil, littypes.Code(9)},
			When: time.Date(2001, 2, 3, 4, 5, 6, 7, time.FixedZone("X", 3600)), Addr: netip.MustParseAddr("fe80::1%eth0"),
			Next: &littypes.Rich{Verb: "PUT", K: 7, SM: map[littypes.Kind]littypes.Shape{-3: &littypes.Poly{Pts: [][2]int8{{-1, 1}}}}}},
	)
	m := mutator.New(1)
	for i := 0; i < 300; i++ {
		v := &littypes.Rich{}
		if err := codec.UnmarshalLenient(nil, v); err != nil {
			t.Fatal(err)
		}
		for j := 0; j <= i%25; j++ {
			if err := m.Mutate(v, 2048); err != nil && j == 0 {
				t.Fatal(err)
			}
		}
		values = append(values, v)
	}

	var body strings.Builder
	pr := golit.Printer{Pkg: litPkg}
	for i, v := range values {
		enc, err := codec.Marshal(v)
		if err != nil {
			t.Fatalf("value %d does not encode: %v", i, err)
		}
		lit, err := pr.Pointer(reflect.ValueOf(v).Elem())
		if err != nil {
			js, _ := json.Marshal(v)
			t.Fatalf("value %d: %v\n%s", i, err, js)
		}
		fmt.Fprintf(&body, "\tcheck(%d, %s, %q)\n", i, lit, hex.EncodeToString(enc))
	}
	imports := `"encoding/hex"` + "\n\t\"testing\"\n\t\"github.com/structfuzz/structfuzz/codec\"\n"
	for _, im := range pr.Imports() {
		imports += fmt.Sprintf("\t%s %q\n", im.Name, im.Path)
	}
	src := fmt.Sprintf(`package littypes

import (
	%s)

func TestGeneratedLiterals(t *testing.T) {
	check := func(i int, v *Rich, want string) {
		b, err := codec.Marshal(v)
		if err != nil || hex.EncodeToString(b) != want {
			t.Errorf("literal %%d encodes to %%x (%%v), want %%s", i, b, err, want)
		}
	}
%s}
`, imports, body.String())

	dir := t.TempDir()
	gen := filepath.Join(dir, "gen_test.go")
	if err := os.WriteFile(gen, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	pkgDir, err := filepath.Abs("internal/littypes")
	if err != nil {
		t.Fatal(err)
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(pkgDir, "zz_generated_test.go"): gen}})
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "test", "-count=1", "-overlay", ov, "-run", "TestGeneratedLiterals", "./internal/littypes").CombinedOutput()
	if err != nil {
		t.Fatalf("the literals of %d values do not compile or encode alike: %v\n%s", len(values), err, out)
	}
	t.Logf("%d literals, %d bytes of Go", len(values), len(src))
}
