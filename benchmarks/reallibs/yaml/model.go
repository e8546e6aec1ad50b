// Package yaml is a real-library benchmark target: a YAML stream (package
// yamlmodel) rendered to text, decoded by github.com/goccy/go-yaml v1.12.0
// and encoded again. plain/ holds the same calls behind a plain-bytes
// target.
package yaml

import (
	"github.com/structfuzz/structfuzz/benchmarks/reallibs/yaml/plain"
	"github.com/structfuzz/structfuzz/benchmarks/reallibs/yamlmodel"
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

var target = libfuzzer.Target(func(s *yamlmodel.Stream) { plain.Decode(s.Render()) })

// Fuzz is the structfuzz target.
func Fuzz(data []byte) int { return target.Fuzz(data) }
