package orders

import (
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// TestReplay replays the corpus and the crash files that `structfuzz run`
// keeps, so a crash once found stays a failing test until it is fixed.
func TestReplay(t *testing.T) {
	target.Harness().Replay(t, "testdata/structfuzz/corpus", "testdata/structfuzz/crashers")
}

// FuzzOrders fuzzes Total with Go's own fuzzer: go test -fuzz=FuzzOrders.
func FuzzOrders(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

// TestPlantedBug checks the example's bug is real: the input the README
// describes crashes Total, indexing the three-item refunds slice at 3+101-100.
func TestPlantedBug(t *testing.T) {
	o := &Order{Kind: Wholesale, Items: []Item{{Qty: 1}, {Qty: 1}, {Qty: -2}}, Coupon: &Coupon{Percent: 101}}
	crashtest.MustPanic(t, "index out of range [4] with length 3", func() { Total(o) })
}

func TestTotal(t *testing.T) {
	o := &Order{Kind: Retail, Items: []Item{{Qty: 2, Price: 150}, {Qty: 1, Price: 100}}, Coupon: &Coupon{Percent: 10}}
	if got := Total(o); got != 360 {
		t.Fatalf("Total = %d, want 360", got)
	}
}
