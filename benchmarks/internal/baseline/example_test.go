package baseline_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
)

type order struct {
	Qty   int32
	Price uint16
}

// A benchmark target wraps an example's Check with each generator: the
// same bytes become a different value under each.
func ExampleGoFuzz() {
	data := []byte("some fuzzer input bytes")
	baseline.GoFuzz(data, func(o *order) { fmt.Println("gofuzz made an order") })
	baseline.Headers(data, func(o *order) { fmt.Println("go-fuzz-headers made an order") })
	// Output:
	// gofuzz made an order
	// go-fuzz-headers made an order
}
