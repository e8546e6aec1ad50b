package undo

import (
	"math"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/internal/mapord"
)

type sample struct {
	B  bool
	I  int16
	U  uint8
	F  float64
	F4 float32
	C  complex128
	S  string
	Xs []int
	P  *int
	M  map[float64]string
	A  [2]string
	E  any
}

func newSample() *sample {
	one := 1
	return &sample{B: true, I: -3, U: 7, F: 1.5, F4: math.Float32frombits(0x7fa00001), C: 2i, S: "s",
		Xs: []int{1, 2, 3, 4}, P: &one, M: map[float64]string{math.Copysign(0, -1): "negzero", 1: "one"},
		A: [2]string{"a", "b"}, E: "e"}
}

// same compares samples, float32 by its bits (a signalling NaN must come
// back as it was) and map keys by their bits (-0 is not +0).
func same(a, b *sample) bool {
	if math.Float32bits(a.F4) != math.Float32bits(b.F4) || len(a.M) != len(b.M) {
		return false
	}
	bits := func(m map[float64]string) map[uint64]string {
		out := map[uint64]string{}
		for k, v := range m {
			out[math.Float64bits(k)] = v
		}
		return out
	}
	if !reflect.DeepEqual(bits(a.M), bits(b.M)) {
		return false
	}
	ca, cb := *a, *b
	ca.F4, cb.F4, ca.M, cb.M = 0, 0, nil, nil
	return reflect.DeepEqual(ca, cb)
}

// Every change recorded in the log, of every kind, is undone exactly.
func TestRollback(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(l *Log, v reflect.Value)
		kind Kind
	}{
		{"bool", func(l *Log, v reflect.Value) { f := v.FieldByName("B"); l.Slot(f); f.SetBool(false) }, Bool},
		{"int", func(l *Log, v reflect.Value) { f := v.FieldByName("I"); l.Slot(f); f.SetInt(9) }, Int},
		{"uint", func(l *Log, v reflect.Value) { f := v.FieldByName("U"); l.Slot(f); f.SetUint(0) }, Uint},
		{"float", func(l *Log, v reflect.Value) { f := v.FieldByName("F"); l.Slot(f); f.SetFloat(-2) }, Float},
		{"float32 NaN", func(l *Log, v reflect.Value) { f := v.FieldByName("F4"); l.Slot(f); f.SetFloat(3) }, Set},
		{"complex", func(l *Log, v reflect.Value) { f := v.FieldByName("C"); l.Slot(f); f.SetComplex(1) }, Complex},
		{"string", func(l *Log, v reflect.Value) { f := v.FieldByName("S"); l.Slot(f); f.SetString("t") }, String},
		{"slice header", func(l *Log, v reflect.Value) {
			f := v.FieldByName("Xs")
			l.Slot(f)
			f.Set(reflect.ValueOf([]int{9}))
		}, Set},
		{"pointer", func(l *Log, v reflect.Value) { f := v.FieldByName("P"); l.Slot(f); f.SetZero() }, Set},
		{"array", func(l *Log, v reflect.Value) { f := v.FieldByName("A"); l.Slot(f); f.Index(0).SetString("z") }, Set},
		{"interface", func(l *Log, v reflect.Value) { f := v.FieldByName("E"); l.Slot(f); f.Set(reflect.ValueOf(5)) }, Set},
		{"swap", func(l *Log, v reflect.Value) {
			f := v.FieldByName("Xs")
			l.SwapElems(f, 0, 3, false)
			reflect.Swapper(f.Interface())(0, 3)
		}, Swap},
		{"move", func(l *Log, v reflect.Value) { f := v.FieldByName("Xs"); l.SwapElems(f, 0, 2, true); MoveElem(f, 0, 2) }, Move},
		{"add entry", func(l *Log, v reflect.Value) {
			l.SetEntry(v.FieldByName("M"), reflect.ValueOf(2.0), reflect.ValueOf("two"))
		}, Entry},
		{"set over -0", func(l *Log, v reflect.Value) {
			l.SetEntry(v.FieldByName("M"), reflect.ValueOf(0.0), reflect.ValueOf("plus"))
		}, Entry},
		{"add NaN entry", func(l *Log, v reflect.Value) {
			l.SetEntry(v.FieldByName("M"), reflect.ValueOf(math.NaN()), reflect.ValueOf("nan"))
		}, Set},
		{"replace -0 by +0", func(l *Log, v reflect.Value) {
			m := v.FieldByName("M")
			es, mark, _ := l.Temps.Sorted(m, encFloat)
			l.Hold(mark)
			i := 0
			for es[i].K.Float() != 0 {
				i++
			}
			l.ReplaceEntry(m, es, i, reflect.ValueOf(0.0), reflect.ValueOf("zero"))
		}, Entry},
		{"delete", func(l *Log, v reflect.Value) {
			m := v.FieldByName("M")
			es, mark, _ := l.Temps.Sorted(m, encFloat)
			l.Hold(mark)
			l.ReplaceEntry(m, es, 1, reflect.Value{}, reflect.Value{})
		}, Entry},
		{"replace by NaN", func(l *Log, v reflect.Value) {
			m := v.FieldByName("M")
			es, mark, _ := l.Temps.Sorted(m, encFloat)
			l.Hold(mark)
			l.ReplaceEntry(m, es, 0, reflect.ValueOf(math.NaN()), reflect.ValueOf("nan"))
		}, Set},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l Log
			v := newSample()
			tc.do(&l, reflect.ValueOf(v).Elem())
			if same(v, newSample()) {
				t.Fatal("the change changed nothing: the test tests nothing")
			}
			kinds := map[Kind]bool{}
			l.Kinds(func(k Kind) { kinds[k] = true })
			if !kinds[tc.kind] {
				t.Errorf("records of kinds %v, want one of kind %d", kinds, tc.kind)
			}
			l.Rollback()
			if !same(v, newSample()) {
				t.Fatalf("after Rollback\n%+v, want\n%+v", *v, *newSample())
			}
			if l.Len() != 0 || len(l.held) != 0 {
				t.Errorf("after Rollback the log holds %d records and %d marks", l.Len(), len(l.held))
			}
		})
	}
}

// A nil log records nothing, and the changes through it still happen.
func TestNilLog(t *testing.T) {
	var l *Log
	v := newSample()
	rv := reflect.ValueOf(v).Elem()
	l.Slot(rv.FieldByName("I"))
	l.SwapElems(rv.FieldByName("Xs"), 0, 1, false)
	l.SetEntry(rv.FieldByName("M"), reflect.ValueOf(3.0), reflect.ValueOf("three"))
	if v.M[3] != "three" {
		t.Fatal("SetEntry on a nil log did not add the entry")
	}
}

func encFloat(buf []byte, _ int, k reflect.Value) ([]byte, error) {
	b := math.Float64bits(k.Float())
	return append(buf, byte(b>>56), byte(b>>48), byte(b>>40), byte(b>>32), byte(b>>24), byte(b>>16), byte(b>>8), byte(b)), nil
}

var _ mapord.KeyEncoder = encFloat
