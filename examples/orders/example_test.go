package orders_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/orders"
)

func ExampleTotal() {
	o := &orders.Order{
		Kind:   orders.Retail,
		Items:  []orders.Item{{SKU: "tea", Qty: 3, Price: 250}},
		Coupon: &orders.Coupon{Code: "TEN", Percent: 10},
	}
	fmt.Println(orders.Total(o), o)
	// Output: 675 order 0 (1 items)
}
