package stats

import (
	"math"
	"testing"
)

var inf = math.Inf(1)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		want float64
	}{
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{1, 2, inf, inf}, inf}, // half missed: more than the budget
		{[]float64{1, 2, 3, inf}, 2.5},
		{[]float64{5, inf, 1}, 5},
	} {
		if got := Median(tc.xs); got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.xs, got, tc.want)
		}
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("Median(nil) is not NaN")
	}
}

func TestA12(t *testing.T) {
	for _, tc := range []struct {
		xs, ys []float64
		want   float64
	}{
		{[]float64{1, 2}, []float64{3, 4}, 1},
		{[]float64{3, 4}, []float64{1, 2}, 0},
		{[]float64{1, 2}, []float64{1, 2}, 0.5},
		{[]float64{inf, inf}, []float64{inf, inf}, 0.5},
		{[]float64{1, 3}, []float64{2, inf}, 0.75},
	} {
		if got := A12(tc.xs, tc.ys); got != tc.want {
			t.Errorf("A12(%v, %v) = %v, want %v", tc.xs, tc.ys, got, tc.want)
		}
	}
}

// Reference values worked out by hand from the normal approximation with
// tie and continuity corrections: mean n*m/2, variance
// n*m/12*((N+1) - sum(t^3-t)/(N*(N-1))).
func TestMannWhitneyU(t *testing.T) {
	ten := func(base float64) []float64 {
		xs := make([]float64, 10)
		for i := range xs {
			xs[i] = base + float64(i)
		}
		return xs
	}
	censored := []float64{inf, inf, inf, inf, inf, inf, inf, inf, inf, inf}
	for _, tc := range []struct {
		name   string
		xs, ys []float64
		want   float64
	}{
		// Complete separation, n=m=10: U=0, z=(50-0.5)/sqrt(175).
		{"separated", ten(0), ten(100), math.Erfc((49.5 / math.Sqrt(175)) / math.Sqrt2)},
		// Against ten censored runs: ties among the ys shrink the variance:
		// 175 - 100*990/(12*20*19).
		{"against censored", ten(0), censored, math.Erfc((49.5 / math.Sqrt(175-100.0*990/(12*20*19))) / math.Sqrt2)},
		{"identical", ten(0), ten(0), 1},
		{"all censored", censored, censored, 1},
	} {
		got := MannWhitneyU(tc.xs, tc.ys)
		if math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: p = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Symmetric in its arguments.
	a, b := []float64{1, 5, 9, inf}, []float64{2, 3, inf, inf}
	if MannWhitneyU(a, b) != MannWhitneyU(b, a) {
		t.Error("MannWhitneyU is not symmetric")
	}
	if p := MannWhitneyU(ten(0), ten(100)); p > 0.001 {
		t.Errorf("complete separation of 10 and 10 runs: p = %v, want < 0.001", p)
	}
}
