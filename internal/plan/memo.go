package plan

import "sync/atomic"

// MemoKey names the slot a plan keeps for one algorithm (see Plan.Memo).
type MemoKey int

// The memo slots.
const (
	// PostProcessMemo holds post-processing's walk of the plan.
	PostProcessMemo MemoKey = iota
	// MutatorMemo holds the mutator's count of the candidates every
	// value of the plan has, when that count is static.
	MutatorMemo
	NumMemoKeys
)

// memos holds a plan's memo slots. Each plan, narrowed copies included,
// has its own.
type memos [NumMemoKeys]atomic.Pointer[any]

// Memo returns what the algorithm of slot k stored for this plan with
// SetMemo, or nil. An algorithm that compiles its own form of a plan on
// first use (the way encoding/json caches an encoder per type) keeps it
// here, so that it lives as long as the plan: a registration makes For
// compile new plans, and what was compiled for the old ones goes with
// them instead of staying in a global cache.
func (p *Plan) Memo(k MemoKey) any {
	if p.memo == nil {
		return nil // a plan made outside For
	}
	if x := p.memo[k].Load(); x != nil {
		return *x
	}
	return nil
}

// SetMemo stores x in slot k of the plan. Plans are shared: x must be
// safe for concurrent use once stored, and two goroutines that compile
// the same plan at once may both store; the last store wins, so x must
// not depend on which.
// A plan made outside For (a literal) keeps nothing.
func (p *Plan) SetMemo(k MemoKey, x any) {
	if p.memo != nil {
		p.memo[k].Store(&x)
	}
}
