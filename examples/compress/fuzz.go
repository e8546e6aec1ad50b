package compress

import "github.com/structfuzz/structfuzz/mutator/libfuzzer"

var target = libfuzzer.Target(Check)

// Fuzz is the fuzz entry point for libFuzzer builds.
func Fuzz(data []byte) int { return target.Fuzz(data) }
