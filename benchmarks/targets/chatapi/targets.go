// Package chatapi holds the byte-level baselines of the benchmark suite for
// examples/chatapi.
package chatapi

import (
	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/chatapi"
)

// FuzzHeaders is configuration d: go-fuzz-headers' GenerateStruct.
func FuzzHeaders(data []byte) int { return baseline.Headers(data, chatapi.Check) }

// FuzzGoFuzz is configuration f: gofuzz seeded by the bytes.
func FuzzGoFuzz(data []byte) int { return baseline.GoFuzz(data, chatapi.Check) }
