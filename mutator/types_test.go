package mutator_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// Test types shared by the tests of this package. They are prefixed m.

// Reachability: a field inside a slice element behind a pointer.
type mOuter struct{ P *mMid }
type mMid struct{ Items []mLeaf }
type mLeaf struct{ X int32 }

// Reachability: insert and delete.
type mSeq struct{ S []uint16 }

// Reachability: a map key.
type mKeyed struct{ M map[uint8]string }

// A union of three variants: two values and a pointer.
type mShape interface{ isShape() }

type mCircle struct{ R uint8 }
type mRect struct{ W, H int16 }
type mLabel string

func (mCircle) isShape() {}
func (*mRect) isShape()  {}
func (mLabel) isShape()  {}

type mUnionHolder struct{ S mShape }

// An enum with holes.
type mMode uint8

const (
	mModeA mMode = 1
	mModeB mMode = 3
	mModeC mMode = 4
	mModeD mMode = 9
	mModeE mMode = 200
)

var mModes = []mMode{mModeA, mModeB, mModeC, mModeD, mModeE}

// A signed enum with holes, declared by a method.
type mSigned int16

func (mSigned) EnumValues() []mSigned { return []mSigned{-300, -7, -1, 5, 1000} }

type mBoolEnum struct {
	On   bool
	Mode mMode
}

// mConstrained exercises every `fuzz:` option and both kinds of enum.
type mConstrained struct {
	Mode  mMode
	Sgn   mSigned
	I8    int8             `fuzz:"min=-3,max=4"`
	I64   int64            `fuzz:"min=-1000,max=1000000"`
	U16   uint16           `fuzz:"min=10,max=20"`
	U     uint             `fuzz:"min=5"`
	F32   float32          `fuzz:"min=-1.5,max=2.25"`
	F64   float64          `fuzz:"min=0,max=0.001"`
	PF    *float64         `fuzz:"min=-2,max=-1"`
	Name  string           `fuzz:"minlen=2,maxlen=6,utf8"`
	Code  string           `fuzz:"len=3"`
	Raw   []byte           `fuzz:"maxlen=5"`
	Text  []byte           `fuzz:"minlen=1,maxlen=8,utf8"`
	Nums  []int32          `fuzz:"minlen=1,maxlen=3,min=0,max=9"`
	Modes []mMode          `fuzz:"maxlen=4"`
	Tags  map[uint8]string `fuzz:"maxlen=3,utf8"`
	Pair  [2]string        `fuzz:"len=2"`
	Verb  string           `fuzz:"oneof=GET|POST|"`
	Ports []uint16         `fuzz:"oneof=80|443,maxlen=2"`
}

// mTree is a rich recursive type: recursion through a slice, a pointer and
// a union, with strings, bytes, floats, a map and an enum below. Its
// smallest encoding is 11 bytes.
type mTree struct {
	Val   int16
	Kind  mMode
	Kids  []mTree
	Next  *mTree
	Expr  mExpr
	Extra *mExtra
}

type mExtra struct {
	Label string `fuzz:"maxlen=8,utf8"`
	Attrs map[uint8]float32
	Blob  []byte
	Ratio float64 `fuzz:"min=0,max=1"`
}

type mExpr interface{ isExpr() }

type mLit int8

type mBin struct {
	Op   mMode
	L, R mExpr
}

type mName string

func (mLit) isExpr()  {}
func (*mBin) isExpr() {}
func (mName) isExpr() {}

// mMedium is a medium-sized value of strings, slices, a map and a union.
type mMedium struct {
	ID    uint64
	Name  string
	Tags  []string
	Count map[string]int32
	Shape mShape
	Data  []byte
	Score float64
	Flags [4]bool
}

func init() {
	codec.RegisterUnion[mShape](mCircle{}, &mRect{}, mLabel(""))
	codec.RegisterUnion[mExpr](mLit(0), &mBin{}, mName(""))
	codec.RegisterEnum(mModes...)
}

// runs returns full, or reduced under the race detector (which slows the
// mutator about tenfold) and with -short.
func runs(full, reduced int) int {
	if raceEnabled || testing.Short() {
		return reduced
	}
	return full
}

// zero returns the value that decoding no input gives.
func zero[T any](t testing.TB) T {
	t.Helper()
	var v T
	if err := codec.UnmarshalLenient(nil, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// enc returns the encoding of v, failing the test if it does not encode.
func enc(t testing.TB, v any) []byte {
	t.Helper()
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return b
}

// mutate calls m.Mutate and reports whether the value changed, failing the
// test on any error other than ErrNoMutation and on a nil error that left
// the encoding as it was.
func mutate(t testing.TB, m *mutator.Mutator, ptr any, maxSize int) bool {
	t.Helper()
	before := enc(t, ptr)
	err := m.Mutate(ptr, maxSize)
	after := enc(t, ptr)
	switch {
	case errors.Is(err, mutator.ErrNoMutation):
		if !bytes.Equal(before, after) {
			t.Fatalf("ErrNoMutation, but the value changed:\n%x\n%x", before, after)
		}
		return false
	case err != nil:
		t.Fatalf("Mutate: %v", err)
	case bytes.Equal(before, after):
		t.Fatalf("Mutate returned nil, but the encoding did not change: %x", after)
	case len(after) > maxSize:
		t.Fatalf("Mutate returned %d bytes, over the limit %d", len(after), maxSize)
	}
	return true
}
