package plan

import (
	"math"
	"math/big"
	"testing"
)

// satMul is the product of two non-negative ints, or math.MaxInt when it
// overflows, checked against exact arithmetic.
func TestSatMul(t *testing.T) {
	vals := []int{0, 1, 2, 3, 7, 16, 1 << 20, 1<<31 - 1, 1 << 31, 1 << 32, 3037000499, 3037000500,
		math.MaxInt / 2, math.MaxInt/2 + 1, math.MaxInt - 1, math.MaxInt}
	for _, a := range vals {
		for _, b := range vals {
			want := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
			if want.Cmp(big.NewInt(math.MaxInt)) > 0 {
				want.SetInt64(math.MaxInt)
			}
			if got := satMul(a, b); int64(got) != want.Int64() {
				t.Errorf("satMul(%d, %d) = %d, want %d", a, b, got, want.Int64())
			}
		}
	}
}

func FuzzSatMul(f *testing.F) {
	f.Add(uint64(3037000500), uint64(3037000500))
	f.Fuzz(func(t *testing.T, x, y uint64) {
		a, b := int(x>>1), int(y>>1)
		want := new(big.Int).Mul(big.NewInt(int64(a)), big.NewInt(int64(b)))
		if want.Cmp(big.NewInt(math.MaxInt)) > 0 {
			want.SetInt64(math.MaxInt)
		}
		if got := satMul(a, b); int64(got) != want.Int64() {
			t.Errorf("satMul(%d, %d) = %d, want %d", a, b, got, want.Int64())
		}
	})
}
