// Package noisy is a target whose PostProcess hook reads global state, so
// that its inputs do not reproduce: `structfuzz check` must name it.
package noisy

import (
	"math/rand/v2"

	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

// Event is the input type.
type Event struct {
	Kind  uint8
	Stamp Stamp
}

// Stamp numbers values from a global counter.
type Stamp struct{ Serial uint32 }

var stamps uint32

// PostProcess depends on how many ran before it: the bug under test.
func (s *Stamp) PostProcess(r *rand.Rand) {
	stamps++
	s.Serial = stamps
}

var target = libfuzzer.Target(func(*Event) {})

// Fuzz is the fuzz function.
func Fuzz(data []byte) int { return target.Fuzz(data) }
