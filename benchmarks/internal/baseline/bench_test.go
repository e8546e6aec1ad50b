package baseline

import "testing"

type benchOrder struct {
	ID    uint64
	Kind  uint8
	Items []struct {
		SKU   string
		Qty   int32
		Price uint32
	}
	Coupon *struct {
		Code    string
		Percent uint8
	}
}

// The generators' own cost, uninstrumented, on an order-like value.
func BenchmarkGenerators(b *testing.B) {
	data := []byte("0123456789abcdef0123456789abcdef0123456789abcdef")
	b.Run("gofuzz", func(b *testing.B) {
		for b.Loop() {
			GoFuzz(data, func(*benchOrder) {})
		}
	})
	b.Run("go-fuzz-headers", func(b *testing.B) {
		for b.Loop() {
			Headers(data, func(*benchOrder) {})
		}
	})
}
