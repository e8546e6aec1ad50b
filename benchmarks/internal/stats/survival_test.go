package stats

import (
	"math"
	"testing"
)

func TestKaplanMeier(t *testing.T) {
	tests := []struct {
		name   string
		times  []float64
		event  []bool
		ts, s  []float64
		median float64
		tau    float64
		rmst   float64
	}{
		{
			name:  "no censoring",
			times: []float64{1, 2, 3, 4, 5}, event: []bool{true, true, true, true, true},
			ts: []float64{1, 2, 3, 4, 5}, s: []float64{0.8, 0.6, 0.4, 0.2, 0},
			median: 3, tau: 5, rmst: 3, // the plain mean
		},
		{
			// At 3, three runs are at risk (3, 4+ and 5): S = 0.8 * 2/3.
			name:  "censored runs",
			times: []float64{1, 2, 3, 4, 5}, event: []bool{true, false, true, false, true},
			ts: []float64{1, 3, 5}, s: []float64{0.8, 0.8 * 2 / 3, 0},
			median: 5, tau: 5, rmst: 1 + 2*0.8 + 2*0.8*2/3,
		},
		{
			name:  "half found at most",
			times: []float64{10, 100, 100, 100}, event: []bool{true, false, false, false},
			ts: []float64{10}, s: []float64{0.75},
			median: math.Inf(1), tau: 100, rmst: 10 + 90*0.75,
		},
		{
			// Ties: two events at 2 with four at risk; the run censored
			// at 2 is at risk there too.
			name:  "ties",
			times: []float64{2, 2, 2, 7}, event: []bool{true, true, false, true},
			ts: []float64{2, 7}, s: []float64{0.5, 0},
			median: 2, tau: 10, rmst: 2 + 5*0.5,
		},
		{
			name:  "tau before the first event",
			times: []float64{5, 6}, event: []bool{true, true},
			ts: []float64{5, 6}, s: []float64{0.5, 0},
			median: 5, tau: 3, rmst: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, s := KaplanMeier(tt.times, tt.event)
			if len(ts) != len(tt.ts) {
				t.Fatalf("times %v, want %v", ts, tt.ts)
			}
			for i := range ts {
				if ts[i] != tt.ts[i] || math.Abs(s[i]-tt.s[i]) > 1e-12 {
					t.Fatalf("S = %v at %v, want %v at %v", s, ts, tt.s, tt.ts)
				}
			}
			if m := KMMedian(tt.times, tt.event); m != tt.median {
				t.Errorf("KMMedian = %v, want %v", m, tt.median)
			}
			if r := RMST(tt.times, tt.event, tt.tau); math.Abs(r-tt.rmst) > 1e-9 {
				t.Errorf("RMST(%v) = %v, want %v", tt.tau, r, tt.rmst)
			}
		})
	}
}
