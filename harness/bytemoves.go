package harness

import (
	"bytes"
	"math/rand/v2"
)

// The byte-level moves (see schedule.go for when the engine makes them).
// Each changes bytes, decodes them leniently into a value, post-processes
// it and encodes it canonically, so its result is an input like any
// other: it decodes strictly, and the target sees the value the bytes
// stand for.

// byteAttempts is how many byte-level changes one call tries before the
// engine falls back to a typed move. Most changes give a new value; one
// in bytes the lenient decoder does not read, or that only grows past
// maxSize, does not.
const byteAttempts = 4

// maxSlack is the most slack mutateBytes puts past an encoding's end, and
// maxGrowth the most its Leaf may add beyond that in one move.
const (
	maxSlack  = 16
	maxGrowth = 4096
)

// mutateBytes is mutate's byte-level move: the Leaf (LLVMFuzzerMutate in
// a libFuzzer binary, so its comparison operands and dictionary reach the
// whole input) changes data's bytes. done is false when no attempt made a
// new result that fits: the caller then makes a typed move. A hook that
// fails is reported (see HookFailure) and ends the call, done true.
func (h *engine) mutateBytes(data []byte, maxSize int, seed uint64) (out []byte, done bool) {
	if len(data) > maxSize || maxSize <= 0 {
		// libFuzzer is shrinking a unit (minimising a crash): a typed
		// deletion does that, a byte change of a cut encoding does not.
		return nil, false
	}
	// The Leaf may grow the bytes to the limit; a limit far above the
	// input (a caller's math.MaxInt) must not size the buffer.
	limit := min(maxSize, len(data)+maxSlack+maxGrowth)
	h.mut.Seed(seed) // the pure-Go Leaf draws from the mutator's source
	r := h.mut.Rand()
	leaf := h.mut.Leaf()
	for range byteAttempts {
		buf := h.room(limit)
		n := copy(buf, data)
		// Half the time, slack: random bytes past the end, which the
		// lenient decoder reads only when a change grows a length. A
		// canonical encoding has none, so without them a length could
		// only grow together with a second change that adds its bytes.
		if r.IntN(2) == 0 && n < limit {
			k := 1 + r.IntN(min(maxSlack, limit-n))
			for i := range k {
				buf[n+i] = byte(r.Uint32())
			}
			n += k
		}
		n = leaf.Mutate(buf, n, limit)
		if out, done = h.settle(buf[:n], data, nil, "Mutate", maxSize, seed); done {
			return out, done
		}
	}
	return nil, false
}

// splice is crossOver's byte-level move: a child of the parents'
// encodings, spliced as libFuzzer's own crossover splices bytes. done is
// as for mutateBytes.
func (h *engine) splice(a, b []byte, maxSize int, seed uint64) (out []byte, done bool) {
	if len(a) == 0 || len(b) == 0 || maxSize <= 0 {
		return nil, false
	}
	limit := min(maxSize, len(a)+len(b)) // no child is longer
	h.mut.Seed(seed)
	r := h.mut.Rand()
	for range byteAttempts {
		buf := h.room(limit)
		n := spliceInto(buf, a, b, r)
		if out, done = h.settle(buf[:n], a, b, "CrossOver", maxSize, seed); done {
			return out, done
		}
	}
	return nil, false
}

// spliceInto writes a child of a and b into buf, whose length is the
// limit, and returns the child's length: a's head joined to b's tail, or
// a with a run of b's bytes put between its own or over them. What does
// not fit is cut.
func spliceInto(buf, a, b []byte, r *rand.Rand) int {
	i := r.IntN(len(a) + 1) // the place in a
	j := r.IntN(len(b))     // where the run of b starts
	k := 1 + r.IntN(len(b)-j)
	switch r.IntN(3) {
	case 0:
		n := copy(buf, a[:i])
		return n + copy(buf[n:], b[j:])
	case 1:
		n := copy(buf, a[:i])
		n += copy(buf[n:], b[j:j+k])
		return n + copy(buf[n:], a[i:])
	default:
		n := copy(buf, a)
		copy(buf[min(i, n):n], b[j:j+k])
		return n
	}
}

// room returns the byte-level moves' buffer with n bytes.
func (h *engine) room(n int) []byte {
	if cap(h.bbuf) < n {
		h.bbuf = make([]byte, n)
	}
	return h.bbuf[:n]
}

// settle turns the bytes raw that a byte-level move of operation op made
// from a (and b) into the engine's result: the lenient decoding of raw,
// post-processed, encoded canonically into h.buf, and cached for the run
// that follows. It returns done false, and no result, when the result
// does not fit maxSize (or the memory budget) or is a parent again. A
// PostProcess hook that fails is reported with the canonical encoding of
// raw's value before post-processing as the input that reproduces it;
// the call then ends with no result, done true.
func (h *engine) settle(raw, a, b []byte, op string, maxSize int, seed uint64) (out []byte, done bool) {
	h.watch.enter(op, "PostProcess", raw, nil, seed, maxSize)
	defer h.watch.leave()
	defer func() {
		if r := recover(); r != nil {
			h.failed(op, r, a, b, h.canonical(raw, false), maxSize, seed)
			out, done = nil, true
		}
	}()
	v, err := h.lenientValue(raw)
	if err != nil {
		return nil, false
	}
	if h.hooks.Load() {
		if !h.finish(v, maxSize, seed) {
			return nil, false
		}
	} else {
		h.buf, err = h.co.Append(h.buf[:0], v)
		if err != nil || len(h.buf) > maxSize {
			return nil, false
		}
		h.remember(v, h.buf)
	}
	if bytes.Equal(h.buf, a) || (b != nil && bytes.Equal(h.buf, b)) {
		return nil, false
	}
	return h.buf, true
}
