package harness

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/structfuzz/structfuzz/internal/hooktime"
)

// Stats counts what Run did with the inputs an engine gave it.
type Stats struct {
	// Runs counts the inputs Run was given.
	Runs uint64
	// Calls counts the inputs that reached the target.
	Calls uint64
	// Rejected counts the inputs that did not decode (Run returned -1).
	Rejected uint64
	// FirstRejection is why the first rejected input did not decode, or
	// nil.
	FirstRejection error
	// Mutations counts the calls of Mutate and CrossOver (and their To
	// forms), and NoResult those that made nothing.
	Mutations, NoResult uint64
	// PipelineTime is the time those calls took (estimated from one call
	// in eight), and HookTime the time the input type's Mutate, CrossOver
	// and PostProcess hooks took, in them or anywhere else in the process.
	PipelineTime, HookTime time.Duration
}

// stats is the harness's live form of Stats.
type stats struct {
	runs, calls, rejected atomic.Uint64
	once                  sync.Once
	first                 error
	moves, none           atomic.Uint64
	pipeline              atomic.Int64 // nanoseconds
}

// timeEvery is how seldom the pipeline reads the clock: one call in
// timeEvery is timed, and counts timeEvery times (two clock reads a call
// cost about 2% of a small type's mutation).
const timeEvery = 8

// begin returns when a call of the mutation pipeline began, or the zero
// time for a call that is not timed.
func (s *stats) begin() time.Time {
	if s.moves.Load()%timeEvery != 0 {
		return time.Time{}
	}
	return time.Now()
}

// made counts one call of the mutation pipeline that began at start (see
// begin) and made *out.
func (s *stats) made(start time.Time, out *[]byte) {
	if !start.IsZero() {
		s.pipeline.Add(timeEvery * int64(time.Since(start)))
	}
	s.moves.Add(1)
	if *out == nil {
		s.none.Add(1)
	}
}

// reject counts a rejected input and keeps the first reason.
func (s *stats) reject(err error) {
	s.once.Do(func() { s.first = err })
	s.rejected.Add(1) // after the reason: a reader that sees the count sees it
}

// Stats returns the counts of Run so far. An engine that ends with Runs
// above zero and Calls at zero never ran the target, and should say so.
func (h *Harness[T]) Stats() Stats {
	s := Stats{Runs: h.stats.runs.Load(), Calls: h.stats.calls.Load(), Rejected: h.stats.rejected.Load(),
		Mutations: h.stats.moves.Load(), NoResult: h.stats.none.Load(),
		PipelineTime: time.Duration(h.stats.pipeline.Load()), HookTime: hooktime.Total()}
	if s.Rejected > 0 {
		s.FirstRejection = h.stats.first
	}
	return s
}

// Moves reports, for each family of moves Mutate and CrossOver choose
// between, how many results it made, how many libFuzzer kept (they came
// back as corpus units), and its current share (see Options.TypedOnly).
func (h *Harness[T]) Moves() []FamilyStats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sched.families()
}
