package orders

import (
	"testing"

	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/orders"
)

// FuzzLenient is configuration e: go test -fuzz with the lenient decode.
func FuzzLenient(f *testing.F) { baseline.GoTest(f, orders.Check) }

// FuzzSteps is configuration h: go test -fuzz with structure-aware inputs.
func FuzzSteps(f *testing.F) { baseline.GoTestSteps(f, orders.Check) }
