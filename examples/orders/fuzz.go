package orders

import "github.com/structfuzz/structfuzz/mutator/libfuzzer"

var target = libfuzzer.Target(Check)

// Check runs the code under test on o; it is what the fuzz target calls.
func Check(o *Order) { Total(o) }

// Fuzz is the fuzz entry point for libFuzzer builds.
func Fuzz(data []byte) int { return target.Fuzz(data) }
