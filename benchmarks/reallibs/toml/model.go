// Package toml is a real-library benchmark target: a TOML document
// (package tomlmodel) rendered to text, decoded by
// github.com/BurntSushi/toml v1.1.0 and encoded again, as the library's
// own fuzz test does. plain/ holds the same calls behind a plain-bytes
// target.
package toml

import (
	"github.com/structfuzz/structfuzz/benchmarks/reallibs/toml/plain"
	"github.com/structfuzz/structfuzz/benchmarks/reallibs/tomlmodel"
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

var target = libfuzzer.Target(func(d *tomlmodel.Doc) { plain.Decode(d.Render()) })

// Fuzz is the structfuzz target.
func Fuzz(data []byte) int { return target.Fuzz(data) }
