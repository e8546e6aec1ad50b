// Package badtype is a target whose input type cannot be fuzzed (a chan
// field): `structfuzz build` must fail with the path to the field.
package badtype

import "github.com/structfuzz/structfuzz/mutator/libfuzzer"

// Job is the input type.
type Job struct {
	Name string
	Done chan bool
}

var target = libfuzzer.Target(func(*Job) {})

// Fuzz is the fuzz function.
func Fuzz(data []byte) int { return target.Fuzz(data) }
