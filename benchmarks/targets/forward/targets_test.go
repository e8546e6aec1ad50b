package forward

import (
	"testing"

	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/enumchain/forward"
)

// FuzzLenient is configuration e: go test -fuzz with the lenient decode.
func FuzzLenient(f *testing.F) { baseline.GoTest(f, forward.Check) }
