package schema_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/schema"
)

type (
	VA struct{ X uint8 }
	VB struct{ Y uint16 }
	VC struct{ Z []byte }

	U1 interface{ u1() }
	U2 interface{ u2() }
	U3 interface{ u3() }

	E1 uint8 // 1, 2 unnamed
	E2 uint8 // 1, 2, 3 unnamed
	E3 uint8 // 2, 1 unnamed
)

func (VA) u1() {}
func (VB) u1() {}
func (VA) u2() {}
func (VB) u2() {}
func (VC) u2() {}
func (VA) u3() {}
func (VB) u3() {}
func (VC) u3() {}

func init() {
	codec.RegisterUnion[U1](VA{}, VB{})
	codec.RegisterUnion[U2](VA{}, VB{}, VC{})
	codec.RegisterUnion[U3](VC{}, VA{}, VB{})
	codec.RegisterEnum[E1](1, 2)
	codec.RegisterEnum[E2](1, 2, 3)
	codec.RegisterEnum[E3](2, 1)
}

type (
	Base struct {
		N    uint16
		S    string `fuzz:"maxlen=4"`
		U    U1
		E    E1
		List []VA
	}
	Appended struct {
		N    uint16
		S    string `fuzz:"maxlen=4"`
		U    U2
		E    E2
		List []VA
	}
	Inserted struct {
		N    uint16
		S    string `fuzz:"maxlen=4"`
		U    U3
		E    E1
		List []VA
	}
	Loose struct {
		N    uint16
		S    string `fuzz:"maxlen=8"`
		U    U1
		E    E1
		List []VA
	}
	Wider struct {
		N    uint32
		S    string `fuzz:"maxlen=4"`
		U    U1
		E    E3
		List []VA
	}
	Removed struct {
		N    uint16
		U    U1
		E    E1
		List []VA
	}
	Choice struct {
		N    uint16
		S    string `fuzz:"maxlen=4,oneof=a|bc"`
		U    U1
		E    E1
		List []VA
	}
	VA2    struct{ X, W uint8 }
	Nested struct {
		N    uint16
		S    string `fuzz:"maxlen=4"`
		U    U1
		E    E1
		List []VA2
	}
)

func build(t testing.TB, v any) *schema.Schema {
	t.Helper()
	p, err := plan.For(reflect.TypeOf(v))
	if err != nil {
		t.Fatal(err)
	}
	return schema.Build(p)
}

func TestDiff(t *testing.T) {
	cases := []struct {
		to           any
		want         []string
		reinterprets bool
	}{
		{Base{}, nil, false},
		{Appended{}, []string{"Base.U.(VC): union variant added (tag 3)", "Base.E: enum values changed from {1, 2} to {1, 2, 3} (3 added)"}, false},
		{Inserted{}, []string{"Base.U: union variants reordered: tags 1=VA 2=VB, now 1=VC 2=VA 3=VB", "Base.U.(VC): union variant added (tag 1)"}, true},
		{Loose{}, []string{`Base.S: length or UTF-8 constraint changed from "maxlen=4" to "maxlen=8"`}, false},
		{Wider{}, []string{"Base.N: type changed from uint16 to uint32", "Base.E: enum values changed from {1, 2} to {2, 1} (order only)"}, true},
		{Removed{}, []string{"Base.S: field removed (was field 2 of 5)"}, true},
		{Nested{}, []string{"Base.List[].W: field added (field 2 of 2; old inputs lack it)"}, true},
		{Choice{}, []string{"Base.S: string choices changed from none to oneof=a|bc"}, false},
	}
	old := build(t, Base{})
	for _, c := range cases {
		cur := build(t, c.to)
		changes := schema.Diff(old, cur)
		var got []string
		reinterprets := false
		for _, ch := range changes {
			got = append(got, strings.Replace(ch.String(), reflect.TypeOf(c.to).Name()+".", "Base.", 1))
			reinterprets = reinterprets || ch.Reinterprets
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") || reinterprets != c.reinterprets {
			t.Errorf("%T: changes (reinterpret %v)\n%s\nwant (reinterpret %v)\n%s", c.to, reinterprets, strings.Join(got, "\n"), c.reinterprets, strings.Join(c.want, "\n"))
		}
		if (len(changes) == 0) != (old.Fingerprint == cur.Fingerprint) {
			t.Errorf("%T: fingerprints %s %s with %d changes", c.to, old.Fingerprint, cur.Fingerprint, len(changes))
		}
	}
}

func TestParseRoundTrip(t *testing.T) {
	c := build(t, Choice{})
	if d := c.Describe(c.Types[0].Fields[1].Type); !strings.Contains(d, "oneof=a|bc") {
		t.Fatalf("the choices are not in the schema: S is %s", d)
	}
	if back, err := schema.Parse(c.Marshal()); err != nil || back.ComputeFingerprint() != c.Fingerprint {
		t.Fatalf("the choices do not survive JSON: %v", err)
	}
	s := build(t, Base{})
	back, err := schema.Parse(s.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if back.ComputeFingerprint() != s.Fingerprint || !bytes.Equal(back.Marshal(), s.Marshal()) {
		t.Fatalf("the schema does not survive JSON:\n%s", back.Marshal())
	}
	for _, bad := range []string{`{}`, `{"version":1,"types":[{"kind":"slice"}]}`, `{"version":1,"types":[{"kind":"int","width":3}]}`, `{"version":2,"types":[{"kind":"bool","width":1}]}`,
		`{"version":1,"types":[{"kind":"struct","fields":[{"name":"A","type":1}]},{"kind":"array","len":1,"elem":0}]}`} {
		if _, err := schema.Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) accepted it", bad)
		}
	}
}

type tree struct {
	Kids []*tree `fuzz:"maxlen=3"`
	M    map[string]int8
	F    float32
	C    complex64
	A    [2]int16
}

// Decode then Encode gives back every valid encoding.
func TestDecodeEncodeRoundTrip(t *testing.T) {
	values := []any{
		Base{N: 7, S: "ab", U: VB{Y: 9}, E: 2, List: []VA{{1}, {2}}},
		Base{E: 1},
		tree{Kids: []*tree{{F: 1.5}, nil, {M: map[string]int8{"b": -1, "a": 2}}}, C: 2i, A: [2]int16{-3, 4}},
	}
	for _, v := range values {
		data, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s := build(t, v)
		tv, err := s.Decode(data)
		if err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		back, err := s.Encode(tv)
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("%T: Encode(Decode(x)) = %x, %v; want %x", v, back, err, data)
		}
		if _, err := s.Decode(append(data, 0)); err == nil {
			t.Errorf("%T: a trailing byte was accepted", v)
		}
	}
}

// FuzzDecode: any bytes give a value or an error, never a panic, and
// what decodes encodes back to the same bytes.
func FuzzDecode(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{1, 0, 0, 0, 1, 0xf0, 0xff, 0xff, 0x0f})
	for _, v := range []any{Base{N: 1, U: VA{}, E: 2}, tree{Kids: []*tree{{}}}} {
		b, _ := codec.Marshal(v)
		f.Add(b)
	}
	base := build(f, Base{})
	tr := build(f, tree{})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, s := range []*schema.Schema{base, tr} {
			v, err := s.Decode(data)
			if err != nil {
				continue
			}
			back, err := s.Encode(v)
			if err != nil {
				t.Fatalf("%s: decoded, then %v", s.Root, err)
			}
			if s == base && !bytes.Equal(back, data) { // tree has maps, whose order Decode does not check
				t.Fatalf("%s: %x re-encodes as %x", s.Root, data, back)
			}
		}
	})
}

// A hostile schema file cannot make Decode hang or allocate without bound.
func TestHostileSchema(t *testing.T) {
	cases := []string{
		`{"version":1,"types":[{"kind":"array","len":16000000,"elem":1},{"kind":"struct"}]}`,
		`{"version":1,"types":[{"kind":"array","len":16000000,"elem":1},{"kind":"uint","width":8}]}`,
		`{"version":1,"types":[{"kind":"pointer","elem":0}]}`,
		`{"version":1,"types":[{"kind":"slice","elem":1},{"kind":"struct"}]}`,
	}
	for _, c := range cases {
		s, err := schema.Parse([]byte(c))
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		for _, in := range [][]byte{nil, {0xff, 0xff, 0xff, 0x7f}, bytes.Repeat([]byte{1}, 64)} {
			if _, err := s.Decode(in); err == nil && len(in) > 0 && in[0] == 0xff {
				t.Errorf("%s: %x decoded", c, in)
			}
		}
	}
}

type (
	textV1 struct {
		S string
		B []byte
		N int16
	}
	textV2 struct {
		S []byte
		B string
		N int64
	}
)

func TestConvertKinds(t *testing.T) {
	old, cur := build(t, textV1{}), build(t, textV2{})
	for _, v := range []textV1{{S: "hi", B: []byte{0, 0xff}, N: -300}, {B: nil}, {S: "", B: []byte{}}} {
		data, _ := codec.Marshal(v)
		tv, err := old.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		nv, dropped, err := schema.Convert(old, cur, tv)
		if err != nil || len(dropped) != 0 {
			t.Fatalf("%+v: %v %v", v, dropped, err)
		}
		out, err := cur.Encode(nv)
		if err != nil {
			t.Fatal(err)
		}
		var got textV2
		if err := codec.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		if string(got.S) != v.S || got.B != string(v.B) || got.N != int64(v.N) {
			t.Errorf("%+v became %+v", v, got)
		}
	}
	// A value that does not fit the new width is an error, not a wrap.
	narrow := build(t, struct{ N int8 }{})
	data, _ := codec.Marshal(struct{ N int16 }{N: 300})
	wide := build(t, struct{ N int16 }{})
	tv, _ := wide.Decode(data)
	if _, _, err := schema.Convert(wide, narrow, tv); err == nil || !strings.Contains(err.Error(), "does not fit") {
		t.Errorf("300 into int8: %v", err)
	}
}
