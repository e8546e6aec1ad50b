// Package doctree holds the byte-level baselines of the benchmark suite for
// examples/doctree.
package doctree

import (
	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/doctree"
)

// FuzzHeaders is configuration d: go-fuzz-headers' GenerateStruct.
func FuzzHeaders(data []byte) int { return baseline.Headers(data, doctree.Check) }

// FuzzGoFuzz is configuration f: gofuzz seeded by the bytes.
func FuzzGoFuzz(data []byte) int { return baseline.GoFuzz(data, doctree.Check) }
