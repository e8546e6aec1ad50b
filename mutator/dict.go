package mutator

import (
	"sync"
	"sync/atomic"
)

// The dictionary holds the values a target's source compares its input
// with: the string and integer constants and literals `structfuzz build`
// collects from the target's module. libFuzzer learns comparison operands
// at run time, one at a time and only once a comparison is reached; the
// dictionary hands the mutator every word of the source from the first
// execution on. Strings and byte slices take a word whole, or with a word
// put into them; integers take a constant, cut to their width.

// dictionary is an immutable set of words; AddDictionary replaces it.
type dictionary struct {
	texts [][]byte
	ints  []uint64
}

var (
	dict   atomic.Pointer[dictionary]
	dictMu sync.Mutex // serialises AddDictionary
)

// AddDictionary adds words to the dictionary that every Mutator draws
// leaf values from: texts for strings and byte slices, ints for integers
// (an integer of a narrower type takes a constant's low bits, mapped into
// its range). A binary built by `structfuzz build` calls it from init
// with the constants and literals of the target's module; call it from
// init for words of your own (a protocol's keywords, say). Repeated words
// are kept once. It is safe for concurrent use.
func AddDictionary(texts []string, ints []int64) {
	dictMu.Lock()
	defer dictMu.Unlock()
	old := dict.Load()
	d := &dictionary{}
	seenT := map[string]bool{}
	seenI := map[uint64]bool{}
	if old != nil {
		for _, t := range old.texts {
			seenT[string(t)] = true
			d.texts = append(d.texts, t)
		}
		for _, x := range old.ints {
			seenI[x] = true
			d.ints = append(d.ints, x)
		}
	}
	for _, t := range texts {
		if !seenT[t] {
			seenT[t] = true
			d.texts = append(d.texts, []byte(t))
		}
	}
	for _, x := range ints {
		if !seenI[uint64(x)] {
			seenI[uint64(x)] = true
			d.ints = append(d.ints, uint64(x))
		}
	}
	dict.Store(d)
}

// Dictionary returns the words added so far: the texts and the integers,
// each once, in the order they were first added. A libFuzzer binary
// built by structfuzz hands the texts to libFuzzer's own mutations too
// (-dict), unless a -dict flag is given.
func Dictionary() (texts []string, ints []int64) {
	d := dict.Load()
	if d == nil {
		return nil, nil
	}
	for _, t := range d.texts {
		texts = append(texts, string(t))
	}
	for _, x := range d.ints {
		ints = append(ints, int64(x))
	}
	return texts, ints
}

// dictText returns a word of the dictionary for a text, and whether it
// has one. The word is shared: copy it.
func (m *Mutator) dictText() ([]byte, bool) {
	d := dict.Load()
	if d == nil || len(d.texts) == 0 {
		return nil, false
	}
	return d.texts[m.r.IntN(len(d.texts))], true
}

// dictInteger returns a constant of the dictionary, and whether it has
// one.
func (m *Mutator) dictInteger() (uint64, bool) {
	d := dict.Load()
	if d == nil || len(d.ints) == 0 {
		return 0, false
	}
	return d.ints[m.r.IntN(len(d.ints))], true
}
