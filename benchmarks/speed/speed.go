// Package speed measures what one fuzzing execution costs with structfuzz's
// custom mutator against plain byte mutation, on the examples' real
// targets, with Go benchmarks:
//
//	cd benchmarks && go test -run '^$' -bench . ./speed
//
// Both sides start from the same corpus (see Corpus) and chain Depth
// executions on each of its inputs, as libFuzzer does. Each structfuzz
// execution is what libFuzzer asks of the custom mutator between two runs
// of the target: a mutation or, half the time, a crossover with another
// corpus input, then the run (decode, post-process, Check). Each raw
// execution is a cheap byte edit, the lenient decode and the run. The ratio of the two is the speed the
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

// Corpus is a fixed set of inputs both sides start their executions
// from, so that they run on inputs of the same sizes: a comparison of a
// pipeline that drifts to the size cap with one that stays small would
// measure the target, not the pipeline. It is what a warm structfuzz
// run keeps: the inputs of WarmUp chained executions, one in eight.
func Corpus[T any](check func(*T)) [][]byte {
	h := harness.New(check, harness.Options{})
	var corpus [][]byte
	var cur []byte
	for seed := uint64(1); seed <= WarmUp; seed++ {
		if seed%2 == 0 && len(corpus) > 1 {
			cur = h.CrossOver(cur, corpus[seed/2%uint64(len(corpus))], MaxLen, seed)
		} else {
			cur = h.Mutate(cur, MaxLen, seed)
		}
		h.Run(cur)
		if seed%8 == 0 {
			corpus = append(corpus, cur)
		}
	}
	return corpus
}

// WarmUp is how many executions Corpus chains.
const WarmUp = 2048

// Depth is how many mutations each side chains on one corpus input, each
// followed by a run, before it takes the next input: libFuzzer's default
// -mutate_depth.
const Depth = 5

// Structured runs one structfuzz execution per call.
type Structured[T any] struct {
	h      *harness.Harness[T]
	corpus [][]byte
	seed   uint64
	cur    []byte
}

// NewStructured makes the structfuzz side for check, over corpus.
func NewStructured[T any](check func(*T), corpus [][]byte) *Structured[T] {
	return &Structured[T]{h: harness.New(check, harness.Options{}), corpus: corpus}
}

// Exec mutates or, half the time, crosses the current input with another
// corpus input, and runs the target on the result; every Depth calls it
// starts again from the next corpus input.
func (s *Structured[T]) Exec() {
	s.seed++
	if s.seed%Depth == 1 {
		s.cur = s.corpus[s.seed/Depth%uint64(len(s.corpus))]
	}
	if s.seed%2 == 0 {
		other := s.corpus[s.seed/2%uint64(len(s.corpus))]
		s.cur = s.h.CrossOver(s.cur, other, MaxLen, s.seed)
	} else {
		s.cur = s.h.Mutate(s.cur, MaxLen, s.seed)
	}
	s.h.Run(s.cur)
}

// Raw runs one byte-level execution per call.
type Raw[T any] struct {
	h      *harness.Harness[T]
	r      *rand.Rand
	corpus [][]byte
	n      int
	cur    []byte
}

// NewRaw makes the byte-level side for check, over corpus: lenient
// decode, as configuration c of the suite.
func NewRaw[T any](check func(*T), corpus [][]byte) *Raw[T] {
	return &Raw[T]{h: harness.New(check, harness.Options{RawBytes: true}), r: rand.New(rand.NewPCG(1, 2)), corpus: corpus}
}

// Exec edits one byte of the current input (flip, insert or erase, as
// libFuzzer's cheapest mutations do) and runs the target; every Depth
// calls it starts again from a copy of the next corpus input.
func (s *Raw[T]) Exec() {
	if s.n%Depth == 0 {
		s.cur = append(s.cur[:0], s.corpus[s.n/Depth%len(s.corpus)]...)
	}
	s.n++
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
