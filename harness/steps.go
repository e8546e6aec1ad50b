package harness

import (
	"bytes"
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
	"reflect"

	"github.com/structfuzz/structfuzz/internal/plan"
)

// Structure-aware go test -fuzz. Go's fuzzer mutates bytes only, and a
// byte change to an encoding mostly changes a value at random. So with
// Options.TypedSteps, the inputs of Harness.Fuzz's fuzz function are a
// base value and a list of typed mutations to apply to it:
//
//	stepsMagic | base length (uint32, little-endian) | base | step word | step word | ...
//
// The base is decoded leniently; each 4-byte step word then seeds one
// typed mutation of the value (Harness.Mutate with TypedOnly: mutation and
// post-processing, but never a regeneration of the whole value, which
// would throw the base away), at most maxSteps of them, in order. The value is a
// function of the bytes alone, so every corpus file and crash of go test
// -fuzz reproduces it. Go's fuzzer changes step words (another mutation),
// inserts them (a longer chain, building on a chain that found coverage)
// and removes them, and still changes the base's bytes as before.
//
// An input without the magic is decoded leniently as a whole, as before
// (corpora written by go test -fuzz before, raw-mode crash files).

// stepsMagic starts a structure-aware go test -fuzz input.
const stepsMagic = "\xffSF1"

const (
	// stepWidth is the size of one step word.
	stepWidth = 4
	// maxSteps bounds the typed mutations one input applies: the cost of
	// an execution grows with them.
	maxSteps = 32
)

// splitSteps splits a structure-aware input into its base encoding and
// its step words (a partial word at the end is ignored). ok is false for
// any other input. A base length past the end takes the rest as base.
func splitSteps(data []byte) (base, steps []byte, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte(stepsMagic))
	if !found {
		return nil, nil, false
	}
	if len(rest) < 4 {
		return nil, nil, true
	}
	n := binary.LittleEndian.Uint32(rest)
	rest = rest[4:]
	if uint64(n) > uint64(len(rest)) {
		n = uint32(len(rest))
	}
	steps = rest[n:]
	steps = steps[:len(steps)/stepWidth*stepWidth]
	if len(steps) > maxSteps*stepWidth {
		steps = steps[:maxSteps*stepWidth]
	}
	return rest[:n], steps, true
}

// joinSteps makes a structure-aware input from a base encoding and step
// words.
func joinSteps(base []byte, words ...uint32) []byte {
	out := make([]byte, 0, len(stepsMagic)+4+len(base)+stepWidth*len(words))
	out = append(out, stepsMagic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(base)))
	out = append(out, base...)
	for _, w := range words {
		out = binary.LittleEndian.AppendUint32(out, w)
	}
	return out
}

// fuzzValue returns the value Harness.Fuzz runs for data, decoded and
// post-processed: a structure-aware input's base with its typed
// mutations applied, or any other bytes decoded leniently. steps is the
// number of step words applied (0 for other bytes).
func (h *engine) fuzzValue(data []byte) (v any, steps int, err error) {
	base, words, ok := splitSteps(data)
	if !ok || len(words) == 0 {
		if ok {
			data = base
		}
		v, err = h.decodeLenient(data, 0)
		return v, 0, err
	}
	enc := h.applySteps(base, words)
	if enc == nil {
		v, err = h.decodeLenient(base, 0)
	} else {
		v, err = h.decode(enc)
	}
	return v, len(words) / stepWidth, err
}

// applySteps applies the typed mutations the step words seed to the
// lenient decoding of base, and returns the encoding of the result, or
// nil when none changed it. Each step works within the type's suggested
// size limit (or base's size, if larger).
func (h *engine) applySteps(base, words []byte) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.mustPrepare()
	if h.stepMax == 0 {
		h.stepMax = maxLenOf(h.typ)
	}
	maxSize := max(h.stepMax, len(base))
	h.limit.Store(int64(maxSize))
	var enc []byte
	cur := base
	for i := 0; i+stepWidth <= len(words); i += stepWidth {
		seed := uint64(binary.LittleEndian.Uint32(words[i:]))
		if out := h.mutateTyped(h.stepMut, cur, maxSize, seed); out != nil {
			enc = append(enc[:0], out...)
			cur = enc
		}
	}
	return enc
}

// maxLenOf suggests libFuzzer's -max_len for type t: see Harness.MaxLen.
func maxLenOf(t reflect.Type) int {
	p, err := plan.For(t)
	if err != nil {
		return DefaultMaxLen
	}
	if n, ok := maxEncoded(p, map[*plan.Plan]bool{}); ok && n <= maxLenCap {
		return max(n, p.MinSize, 1)
	}
	return max(DefaultMaxLen, p.MinSize)
}

// seedWords returns the step words a seed input starts with: four, drawn
// from a hash of the seed so that different seeds start differently.
func seedWords(data []byte) []uint32 {
	h := fnv.New64a()
	h.Write(data)
	r := rand.New(rand.NewPCG(h.Sum64(), 0x5eed))
	return []uint32{r.Uint32(), r.Uint32(), r.Uint32(), r.Uint32()}
}
