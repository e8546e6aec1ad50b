// Package speed measures what one fuzzing execution costs with structfuzz's
// custom mutator against plain byte mutation, on the examples' real
// targets, with Go benchmarks:
//
//	cd benchmarks && go test -run '^$' -bench . ./speed
//
// Each structfuzz execution is what libFuzzer asks of the custom mutator
// between two runs of the target: a mutation or, half the time, a
// crossover with another corpus input, then the run (decode,
// post-process, Check). Each raw execution is a cheap byte edit, the
// lenient decode and the run. The ratio of the two is the speed the
// custom mutator costs before libFuzzer's own per-execution work, which
// both pay and which narrows the gap in a real binary.
package speed

import (
	"math/rand/v2"

	"github.com/structfuzz/structfuzz/harness"
)

// MaxLen is the size limit of every input, the harness default.
const MaxLen = harness.DefaultMaxLen

// Safe wraps a target so a planted bug does not stop a benchmark: the
// panic is recovered and counted.
func Safe[T any](check func(*T), panics *int) func(*T) {
	return func(v *T) {
		defer func() {
			if recover() != nil {
				*panics++
			}
		}()
		check(v)
	}
}

// Structured runs one structfuzz execution per call.
type Structured[T any] struct {
	h      *harness.Harness[T]
	corpus [][]byte
	seed   uint64
	cur    []byte
}

// NewStructured makes the structfuzz side for check.
func NewStructured[T any](check func(*T)) *Structured[T] {
	return &Structured[T]{h: harness.New(check, harness.Options{})}
}

// Exec mutates or crosses the current input, runs the target on it, and
// keeps one input in eight in a small corpus.
func (s *Structured[T]) Exec() {
	s.seed++
	if s.seed%2 == 0 && len(s.corpus) > 1 {
		other := s.corpus[s.seed/2%uint64(len(s.corpus))]
		s.cur = s.h.CrossOver(s.cur, other, MaxLen, s.seed)
	} else {
		s.cur = s.h.Mutate(s.cur, MaxLen, s.seed)
	}
	s.h.Run(s.cur)
	if s.seed%8 == 0 {
		s.keep(s.cur)
	}
}

func (s *Structured[T]) keep(in []byte) {
	if len(s.corpus) < 16 {
		s.corpus = append(s.corpus, in)
	} else {
		s.corpus[s.seed/8%16] = in
	}
}

// Raw runs one byte-level execution per call.
type Raw[T any] struct {
	h   *harness.Harness[T]
	r   *rand.Rand
	cur []byte
}

// NewRaw makes the byte-level side for check: lenient decode, as
// configuration c of the suite.
func NewRaw[T any](check func(*T)) *Raw[T] {
	return &Raw[T]{h: harness.New(check, harness.Options{RawBytes: true}), r: rand.New(rand.NewPCG(1, 2)), cur: make([]byte, 64)}
}

// Exec edits one byte (flip, insert or erase, as libFuzzer's cheapest
// mutations do) and runs the target.
func (s *Raw[T]) Exec() {
	switch n := len(s.cur); {
	case n == 0 || s.r.IntN(3) == 0 && n < MaxLen:
		i := s.r.IntN(n + 1)
		s.cur = append(s.cur[:i], append([]byte{byte(s.r.Uint32())}, s.cur[i:]...)...)
	case s.r.IntN(2) == 0:
		i := s.r.IntN(n)
		s.cur = append(s.cur[:i], s.cur[i+1:]...)
	default:
		s.cur[s.r.IntN(n)] ^= byte(1 << s.r.IntN(8))
	}
	s.h.Run(s.cur)
}
