package plan_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/internal/plan"
)

type fitRanges struct {
	I8  int8    `fuzz:"min=-3,max=3"`
	U16 uint16  `fuzz:"min=10,max=20"`
	I64 int64   `fuzz:"min=-9223372036854775807,max=9223372036854775807"`
	F   float64 `fuzz:"min=1,max=2"`
}

// The lenient mappings are true modulos: the range repeats below the
// minimum as it does above the maximum, and valid values stay.
func TestFitIsATrueModulo(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[fitRanges]())
	if err != nil {
		t.Fatal(err)
	}
	i8, u16, i64, f := p.Fields[0].Plan, p.Fields[1].Plan, p.Fields[2].Plan, p.Fields[3].Plan
	ints := []struct {
		p    *plan.Plan
		x    int64
		want int64
	}{
		{i8, 0, 0}, {i8, 3, 3}, {i8, 4, -3}, {i8, -4, 3}, {i8, -10, -3}, {i8, 10, 3},
		{i64, math.MinInt64, math.MaxInt64}, {i64, 5, 5},
	}
	for _, c := range ints {
		if got := c.p.FitInt(c.x); got != c.want {
			t.Errorf("%s: FitInt(%d) = %d, want %d", c.p.Path(), c.x, got, c.want)
		}
	}
	uints := []struct{ x, want uint64 }{{0, 11}, {9, 20}, {10, 10}, {20, 20}, {21, 10}, {32, 10}, {math.MaxUint64, 15}} // 2^64 ≡ 5 (mod 11)
	for _, c := range uints {
		if got := u16.FitUint(c.x); got != c.want {
			t.Errorf("FitUint(%d) = %d, want %d", c.x, got, c.want)
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), -5, 0, 1.5, 2, 7.25} {
		got := f.FitFloat(x)
		if !(got >= 1 && got <= 2) {
			t.Errorf("FitFloat(%v) = %v, outside [1, 2]", x, got)
		}
		if x >= 1 && x <= 2 && got != x {
			t.Errorf("FitFloat(%v) = %v changed a valid value", x, got)
		}
	}
}

type flatInner struct {
	A [2]int8
	S string
}

type flatHidden struct {
	A int
	b int
}

func TestFlat(t *testing.T) {
	cases := []struct {
		t    reflect.Type
		want bool
	}{
		{reflect.TypeFor[int](), true},
		{reflect.TypeFor[string](), true},
		{reflect.TypeFor[flatInner](), true},
		{reflect.TypeFor[[3]flatInner](), true},
		{reflect.TypeFor[[]int](), false},
		{reflect.TypeFor[*int](), false},
		{reflect.TypeFor[map[int]int](), false},
		{reflect.TypeFor[flatHidden](), false}, // a copy would keep b
		{reflect.TypeFor[struct{ P *int }](), false},
	}
	for _, c := range cases {
		p, err := plan.For(c.t)
		if err != nil {
			t.Fatal(err)
		}
		if p.Flat != c.want {
			t.Errorf("%v: Flat = %v, want %v", c.t, p.Flat, c.want)
		}
	}
}
