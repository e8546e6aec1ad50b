// Package orders is a small order-pricing service with a planted bug that
// only a well-structured input reaches: a wholesale order of at least three
// items whose third item has a negative quantity, with a coupon of more
// than 100 percent. Byte-level fuzzing of an encoding rarely gets all of
// that right at once; structure-aware mutation does in seconds.
package orders

import "fmt"

// Kind is the kind of an order.
type Kind uint8

// The kinds of order.
const (
	Retail    Kind = 1
	Wholesale Kind = 2
	Internal  Kind = 4
)

// EnumValues declares the valid kinds to structfuzz.
func (Kind) EnumValues() []Kind { return []Kind{Retail, Wholesale, Internal} }

// Item is one line of an order.
type Item struct {
	SKU   string `fuzz:"maxlen=12,utf8"`
	Qty   int32
	Price uint32
}

// Coupon discounts an order.
type Coupon struct {
	Code    string `fuzz:"maxlen=8"`
	Percent uint8
}

// Order is the input of Total.
type Order struct {
	ID     uint64
	Kind   Kind
	Items  []Item `fuzz:"maxlen=16"`
	Coupon *Coupon
}

// Total prices an order in cents.
func Total(o *Order) int64 {
	var sum int64
	for _, it := range o.Items {
		sum += int64(it.Qty) * int64(it.Price)
	}
	if o.Coupon != nil {
		sum -= sum * int64(o.Coupon.Percent) / 100
	}
	if o.Kind == Wholesale && len(o.Items) >= 3 && o.Items[2].Qty < 0 && o.Coupon != nil && o.Coupon.Percent > 100 {
		// The planted bug: a refund path nobody tested.
		refunds := make([]int64, len(o.Items))
		return refunds[len(o.Items)+int(o.Coupon.Percent)-100]
	}
	return sum
}

// String describes an order briefly.
func (o *Order) String() string {
	return fmt.Sprintf("order %d (%d items)", o.ID, len(o.Items))
}
