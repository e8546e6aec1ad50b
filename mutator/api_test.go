package mutator_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// mOne is an enum of a single value: nothing about it can change.
type mOne uint8

func (mOne) EnumValues() []mOne { return []mOne{7} }

func TestMutateErrors(t *testing.T) {
	m := mutator.New(61)
	// Nothing to mutate.
	v := struct {
		E mOne
		R int8 `fuzz:"min=3,max=3"`
	}{E: 7, R: 3}
	if err := m.Mutate(&v, 64); !errors.Is(err, mutator.ErrNoMutation) || v.E != 7 || v.R != 3 {
		t.Errorf("constant value: err %v, value %+v", err, v)
	}
	// Not a pointer, or a nil one.
	var x int32
	if err := m.Mutate(x, 64); err == nil {
		t.Error("a non-pointer was accepted")
	}
	if err := m.Mutate((*int32)(nil), 64); err == nil {
		t.Error("a nil pointer was accepted")
	}
	// A value that does not encode (an undeclared enum value).
	bad := mBoolEnum{Mode: 2}
	if err := m.Mutate(&bad, 64); err == nil || errors.Is(err, mutator.ErrNoMutation) {
		t.Errorf("an invalid value: err %v", err)
	}
	// An unsupported type.
	var ch struct{ C chan int }
	if err := m.Mutate(&ch, 64); !errors.Is(err, codec.ErrUnsupportedType) {
		t.Errorf("a chan field: err %v", err)
	}
}

// A value already over maxSize either shrinks under it in one step or is
// left as it was, with ErrNoMutation.
func TestMutateOverCap(t *testing.T) {
	grow := mutator.New(62)
	big := zero[mTree](t)
	for len(enc(t, &big)) < 300 {
		mutate(t, grow, &big, 400)
	}
	b := enc(t, &big)
	m := mutator.New(63)
	shrunk, refused := 0, 0
	for range 300 {
		var v mTree
		if err := codec.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if mutate(t, m, &v, 16) { // fails the test on a result over 16 bytes
			shrunk++
		} else {
			refused++
		}
	}
	t.Logf("from %d bytes under a cap of 16: %d shrank to fit, %d refused", len(b), shrunk, refused)
	if refused == 0 {
		t.Error("every mutation of a tree of 300 bytes or more fit in 16 bytes")
	}
}

// MutateFrom with the value's encoding behaves as Mutate, and Encoding is
// the encoding of the result.
func TestMutateFromAndEncoding(t *testing.T) {
	a, b := mutator.New(5), mutator.New(5)
	var va, vb mTree
	codec.UnmarshalLenient(nil, &va) // the zero mTree has an undeclared Kind
	codec.UnmarshalLenient(nil, &vb)
	for i := range 500 {
		enc, err := codec.Marshal(&vb)
		if err != nil {
			t.Fatal(err)
		}
		errA := a.Mutate(&va, 256)
		errB := b.MutateFrom(&vb, enc, 256)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("step %d: %v vs %v", i, errA, errB)
		}
		ea, _ := codec.Marshal(&va)
		eb, _ := codec.Marshal(&vb)
		if !bytes.Equal(ea, eb) {
			t.Fatalf("step %d: Mutate and MutateFrom differ", i)
		}
		if errB == nil && !bytes.Equal(b.Encoding(), eb) {
			t.Fatalf("step %d: Encoding() is not the result's encoding", i)
		}
	}
}
