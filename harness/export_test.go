package harness

import "time"

// UnitHits returns how many lookups of h's decoded-unit cache found their
// unit.
func UnitHits[T any](h *Harness[T]) int { return h.units.hits }

// FixByteShare makes h choose byte-level moves with probability p, for
// tests that compare harnesses with different histories.
func FixByteShare[T any](h *Harness[T], p float64) *Harness[T] {
	h.sched.fixed = p
	return h
}

// Tool and ToolMain are the helper programs' plumbing (see toolMain), for
// the package's external tests.
type Tool = tool

// ToolMain is toolMain.
var ToolMain = toolMain

// SetReplayTimeout sets the replay command's bound on one input, and
// returns the function that restores it.
func SetReplayTimeout(d time.Duration) func() {
	old := replayTimeout
	replayTimeout = d
	return func() { replayTimeout = old }
}

// JoinSteps is joinSteps: a structure-aware go test -fuzz input.
var JoinSteps = joinSteps

// ValueForFuzz is fuzzValue: the value Harness.Fuzz runs for data.
func ValueForFuzz[T any](h *Harness[T], data []byte) (*T, error) {
	v, _, err := h.fuzzValue(data)
	if err != nil {
		return nil, err
	}
	return v.(*T), nil
}
