package plan

import (
	"math"
	"testing"
)

// Index agrees with a search of Values for every way the values can lie:
// close together (a table), negative, around zero as signed numbers, at
// the top of the unsigned range, far apart (a map), and with repeats.
func TestEnumIndex(t *testing.T) {
	neg := func(x int64) uint64 { return uint64(x) }
	tests := []struct {
		name  string
		vals  []uint64
		table bool
	}{
		{"dense", []uint64{1, 2, 4, 8}, true},
		{"negative", []uint64{neg(-3), neg(-1), 5}, true},
		{"unsigned top", []uint64{math.MaxUint64, math.MaxUint64 - 7}, true},
		{"sparse", []uint64{0, 1 << 20, 1 << 40}, false},
		{"repeats", []uint64{7, 3, 7, 3, 9}, true},
		{"one", []uint64{42}, true},
		{"signed extremes", []uint64{neg(math.MinInt64), math.MaxInt64}, true}, // adjacent as unsigned numbers
		{"far both ways", []uint64{neg(-1 << 20), 1 << 20}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnum(tt.vals)
			if (e.slots != nil) != tt.table {
				t.Errorf("indexed by a table: %v, want %v", e.slots != nil, tt.table)
			}
			want := func(raw uint64) int {
				for i, v := range e.Values {
					if v == raw {
						return i
					}
				}
				return -1
			}
			probes := []uint64{0, 1, 2, 3, 5, 6, 8, 9, 42, 1 << 20, 1 << 40, math.MaxUint64, math.MaxUint64 - 7,
				math.MaxUint64 - 8, neg(-1), neg(-2), neg(-3), neg(-4), neg(math.MinInt64), math.MaxInt64}
			for _, v := range tt.vals {
				probes = append(probes, v, v+1, v-1)
			}
			for _, raw := range probes {
				if got, w := e.Index(raw), want(raw); got != w {
					t.Errorf("Index(%#x) = %d, want %d", raw, got, w)
				}
				if e.Contains(raw) != (want(raw) >= 0) {
					t.Errorf("Contains(%#x) = %v", raw, e.Contains(raw))
				}
			}
			seen := map[uint64]bool{}
			for _, v := range tt.vals {
				seen[v] = true
			}
			if len(e.Values) != len(seen) {
				t.Errorf("Values = %v, want the %d distinct values", e.Values, len(seen))
			}
		})
	}
}
