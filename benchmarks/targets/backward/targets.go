// Package backward holds the byte-level baselines of the benchmark suite for
// examples/enumchain/backward.
package backward

import (
	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/enumchain/backward"
)

// FuzzHeaders is configuration d: go-fuzz-headers' GenerateStruct.
func FuzzHeaders(data []byte) int { return baseline.Headers(data, backward.Check) }

// FuzzGoFuzz is configuration f: gofuzz seeded by the bytes.
func FuzzGoFuzz(data []byte) int { return baseline.GoFuzz(data, backward.Check) }
