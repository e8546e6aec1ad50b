package plan

import (
	"reflect"
	"runtime"
	"testing"
	"unsafe"
)

type (
	boxShape  interface{ box() }
	boxShape2 interface{ box() } // registered apart from boxShape
)

type (
	boxStruct  struct{ A, B int }
	boxEmpty   struct{}
	boxPtr     struct{ A int }
	boxOnePtr  struct{ P *int }
	boxMap     map[string]int
	boxInt     int
	boxString  string
	boxFloat32 float32
)

func (boxStruct) box()  {}
func (boxEmpty) box()   {}
func (*boxPtr) box()    {}
func (boxOnePtr) box()  {}
func (boxMap) box()     {}
func (boxInt) box()     {}
func (boxString) box()  {}
func (boxFloat32) box() {}

func init() {
	variants := []reflect.Type{reflect.TypeFor[boxStruct](), reflect.TypeFor[boxEmpty](),
		reflect.TypeFor[*boxPtr](), reflect.TypeFor[boxOnePtr](), reflect.TypeFor[boxMap](),
		reflect.TypeFor[boxInt](), reflect.TypeFor[boxString](), reflect.TypeFor[boxFloat32]()}
	if err := RegisterUnion(reflect.TypeFor[boxShape](), variants); err != nil {
		panic(err)
	}
	if err := RegisterUnion(reflect.TypeFor[boxShape2](), variants[:1]); err != nil {
		panic(err)
	}
}

func TestVariantBox(t *testing.T) {
	seven := 7
	tests := []struct {
		val   boxShape
		boxed bool // how Go stores it in an interface
	}{
		{boxStruct{1, 2}, true},
		{boxEmpty{}, true},
		{&boxPtr{3}, false},
		{boxOnePtr{&seven}, false},
		{boxMap{"a": 1}, false},
		{boxInt(-4), true},
		{boxString("hello"), true},
		{boxFloat32(1.5), true},
	}
	p, err := For(reflect.TypeFor[boxShape]())
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		vr := &p.Variants[i]
		t.Run(vr.Name, func(t *testing.T) {
			if vr.boxed != tt.boxed {
				t.Errorf("boxed = %v, want %v", vr.boxed, tt.boxed)
			}
			// Store a content built as a decoder would, then check the
			// interface is an ordinary one: equal to the same value set
			// by reflect, type-assertable, and readable through VariantAt.
			var got boxShape
			content := vr.Prepare(unsafe.Pointer(&got))
			reflect.NewAt(vr.Type, content).Elem().Set(reflect.ValueOf(tt.val))
			runtime.GC() // the box must be reachable through the interface alone
			if !reflect.DeepEqual(got, tt.val) {
				t.Fatalf("stored %#v, want %#v", got, tt.val)
			}
			if reflect.TypeOf(got) != reflect.TypeOf(tt.val) {
				t.Fatalf("stored a %T, want a %T", got, tt.val)
			}
			if _, ok := tt.val.(boxMap); !ok && got != tt.val {
				t.Errorf("stored %#v compares unequal to %#v", got, tt.val)
			}
			j, at := p.VariantAt(unsafe.Pointer(&got))
			if j != i || !reflect.DeepEqual(reflect.NewAt(vr.Type, at).Elem().Interface(), tt.val) {
				t.Errorf("VariantAt = %d, %#v; want %d, %#v", j, reflect.NewAt(vr.Type, at).Elem().Interface(), i, tt.val)
			}
		})
	}
}

type boxStranger struct{}

func (boxStranger) box() {}

// VariantAt tells a nil union and a dynamic type that is not a variant.
func TestVariantAtNilAndStranger(t *testing.T) {
	p, err := For(reflect.TypeFor[boxShape]())
	if err != nil {
		t.Fatal(err)
	}
	var u boxShape
	if i, at := p.VariantAt(unsafe.Pointer(&u)); i != -1 || at != nil {
		t.Errorf("VariantAt(nil) = %d, %v; want -1, nil", i, at)
	}
	u = boxStranger{}
	if i, at := p.VariantAt(unsafe.Pointer(&u)); i != -2 || at != nil {
		t.Errorf("VariantAt(unregistered) = %d, %v; want -2, nil", i, at)
	}
}

// VariantAt reads a boxed variant without allocating, and Prepare
// allocates the box the decoder writes into: one allocation per decoded
// variant, where reflect's Set allocates a second.
func TestVariantBoxAllocations(t *testing.T) {
	p, err := For(reflect.TypeFor[boxShape2]())
	if err != nil {
		t.Fatal(err)
	}
	vr := &p.Variants[0]
	var u boxShape2 = boxStruct{1, 2}
	if n := testing.AllocsPerRun(100, func() { p.VariantAt(unsafe.Pointer(&u)) }); n != 0 {
		t.Errorf("VariantAt allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { vr.Prepare(unsafe.Pointer(&u)) }); n != 1 {
		t.Errorf("Prepare allocates %v times, want 1", n)
	}
}
