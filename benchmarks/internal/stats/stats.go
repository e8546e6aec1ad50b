// Package stats holds the statistics of the benchmark suite: medians over
// runs that may not have found the bug (censored at the budget), the
// Mann-Whitney U test and the Vargha-Delaney A12 effect size, as used to
// compare fuzzers (Arcuri and Briand; Klees et al., "Evaluating Fuzz
// Testing").
package stats

import (
	"math"
	"sort"
)

// Median returns the median of xs, or NaN for no values. Censored runs
// enter as +Inf, so the median is +Inf when half or more of the runs did
// not find the bug: the honest answer is "more than the budget".
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	lo, hi := s[n/2-1], s[n/2]
	if math.IsInf(hi, 1) {
		return hi
	}
	return (lo + hi) / 2
}

// A12 is the Vargha-Delaney effect size: the probability that a value
// drawn from xs is smaller than one drawn from ys, ties counting half. For
// executions to a bug, smaller is better, so A12 > 0.5 favours xs; 1 means
// every run of xs beat every run of ys.
func A12(xs, ys []float64) float64 {
	if len(xs) == 0 || len(ys) == 0 {
		return math.NaN()
	}
	var wins float64
	for _, x := range xs {
		for _, y := range ys {
			switch {
			case x < y:
				wins++
			case x == y:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(xs)*len(ys))
}

// MannWhitneyU returns the two-sided p-value of the Mann-Whitney U test of
// xs against ys: the normal approximation with tie correction and
// continuity correction. Censored values (+Inf) tie with each other, as
// runs that both missed the bug should. With no variation at all the
// p-value is 1.
func MannWhitneyU(xs, ys []float64) float64 {
	n1, n2 := float64(len(xs)), float64(len(ys))
	if n1 == 0 || n2 == 0 {
		return math.NaN()
	}
	type obs struct {
		v     float64
		first bool
	}
	all := make([]obs, 0, len(xs)+len(ys))
	for _, x := range xs {
		all = append(all, obs{x, true})
	}
	for _, y := range ys {
		all = append(all, obs{y, false})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v < all[j].v })

	// Midranks, and the tie term sum(t^3 - t).
	var r1, ties float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		rank := float64(i+j+1) / 2 // ranks i+1 .. j averaged
		for k := i; k < j; k++ {
			if all[k].first {
				r1 += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	u := r1 - n1*(n1+1)/2
	n := n1 + n2
	mean := n1 * n2 / 2
	variance := n1 * n2 / 12 * ((n + 1) - ties/(n*(n-1)))
	if variance <= 0 {
		return 1
	}
	z := math.Abs(u-mean) - 0.5
	if z < 0 {
		z = 0
	}
	z /= math.Sqrt(variance)
	return math.Min(1, math.Erfc(z/math.Sqrt2))
}
