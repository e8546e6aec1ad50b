package plan

import (
	"math"
	"reflect"
	"testing"
)

type memBig struct {
	pad [1 << 16]byte
	B   uint8
}

// The cost model is computed once per plan and bounds the allocations:
// slices by element size, strings by bytes, pointers by their target,
// maps per entry, nothing for zero-size elements.
func TestMemoryCosts(t *testing.T) {
	for _, tt := range []struct {
		v    any
		n    int
		want int
	}{
		{[]memBig{}, 0, 0},
		{[]memBig{}, 2, 16 + 2*(65537+16385)},
		{[]struct{}{}, 1000, 0},
		{"", 0, 0},
		{"", 10, 16 + 20},
		{[]byte{}, 3, 16 + 6},
		{(*memBig)(nil), 0, AllocCost(65537)},
		{map[uint8]uint8{}, 0, mapHeader},
	} {
		p, err := For(reflect.TypeOf(tt.v))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Cost(tt.n); got != tt.want {
			t.Errorf("%T: Cost(%d) = %d, want %d", tt.v, tt.n, got, tt.want)
		}
	}
	p, _ := For(reflect.TypeFor[[]memBig]())
	if got := p.Cost(math.MaxInt / 2); got != math.MaxInt {
		t.Errorf("Cost saturates: got %d", got)
	}
}

// Affordable returns the largest count whose charge fits, at any state of
// the account.
func TestAccountAffordable(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[[]memBig](), reflect.TypeFor[[]uint8](), reflect.TypeFor[string](), reflect.TypeFor[[][2]uint64]()} {
		p, err := For(typ)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []Account{{Base: 1 << 20, PerByte: 16}, {Base: 1000, PerByte: 16, Spent: 900, Horizon: 50}, {Base: 0, PerByte: 16, Spent: 5000, Horizon: 10}} {
			for _, pos := range []int{0, 10, 100, 5000} {
				for _, want := range []int{0, 1, 7, 100, 1 << 20} {
					a := st
					n := a.Affordable(p, want, pos)
					per := p.ElemMinSize()
					if n > want || (n > 0 && !a.Fits(p.Cost(n), pos, n*per)) {
						t.Fatalf("%v %+v pos %d want %d: Affordable = %d does not fit", typ, st, pos, want, n)
					}
					if n < want && a.Fits(p.Cost(n+1), pos, (n+1)*per) {
						t.Fatalf("%v %+v pos %d want %d: Affordable = %d, but %d fits", typ, st, pos, want, n, n+1)
					}
				}
			}
		}
	}
}
