// Package config holds the byte-level baselines of the benchmark suite for
// examples/config.
package config

import (
	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
	"github.com/structfuzz/structfuzz/examples/config"
)

// FuzzHeaders is configuration d: go-fuzz-headers' GenerateStruct.
func FuzzHeaders(data []byte) int { return baseline.Headers(data, config.Check) }

// FuzzGoFuzz is configuration f: gofuzz seeded by the bytes.
func FuzzGoFuzz(data []byte) int { return baseline.GoFuzz(data, config.Check) }
