package chunks

import (
	"testing"

	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/chunks"
)

// FuzzLenient is configuration e: go test -fuzz with the lenient decode.
func FuzzLenient(f *testing.F) { baseline.GoTest(f, chunks.Check) }

// FuzzSteps is configuration h: go test -fuzz with structure-aware inputs.
func FuzzSteps(f *testing.F) { baseline.GoTestSteps(f, chunks.Check) }
