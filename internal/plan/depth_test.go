package plan_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/internal/plan"
)

func TestDeeper(t *testing.T) {
	tests := []struct {
		counts     bool
		depth, max int
		wantDepth  int
		wantOK     bool
	}{
		{false, 0, 0, 0, true}, // a step that does not count is always allowed
		{false, 7, 3, 7, true},
		{true, 0, 1, 1, true},
		{true, 2, 3, 3, true},
		{true, 3, 3, 3, false}, // at the limit: no further counted step
		{true, 9, 3, 9, false},
		{true, 0, 0, 0, false},
	}
	for _, tt := range tests {
		d, ok := plan.Deeper(tt.counts, tt.depth, tt.max)
		if d != tt.wantDepth || ok != tt.wantOK {
			t.Errorf("Deeper(%v, %d, %d) = %d, %v; want %d, %v", tt.counts, tt.depth, tt.max, d, ok, tt.wantDepth, tt.wantOK)
		}
	}
}
