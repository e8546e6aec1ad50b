// Package enumchain holds the input type of the enum-chain benchmark: a
// list of enum values that must match a secret sequence of seven, checked
// one nested comparison at a time. It is the structured counterpart of the
// classic "magic bytes" chain, after a published comparison in which a typed
// mutator needed under 40 thousand executions in both check orders, while a
// bytes-to-struct decoder needed about 1 million (forward) and 3 to 6
// million (reversed).
//
// The two targets live in the subpackages, one per libFuzzer binary:
// forward checks the first symbol first, backward checks the seventh first
// (so a fuzzer gets no feedback until the list is long enough).
//
// Symbol is an enum with holes (1, 3, 7, 15, ...): structfuzz mutates it only
// among its declared values, whereas a byte-level fuzzer sees a byte of
// which only 8 of 256 values are valid, and the lenient decoder folds the
// others onto them.
package enumchain

import "fmt"

// Symbol is one letter of a message: an enum whose values have holes.
type Symbol uint8

// The symbols.
const (
	A Symbol = 1
	B Symbol = 3
	C Symbol = 7
	D Symbol = 15
	E Symbol = 31
	F Symbol = 63
	G Symbol = 127
	H Symbol = 255
)

// EnumValues declares the valid symbols to structfuzz.
func (Symbol) EnumValues() []Symbol { return []Symbol{A, B, C, D, E, F, G, H} }

// String names a symbol; the readable form of inputs shows the names.
func (s Symbol) String() string {
	for i, v := range s.EnumValues() {
		if v == s {
			return string(rune('A' + i))
		}
	}
	return fmt.Sprintf("Symbol(%d)", uint8(s))
}

// Message is the fuzz input of both targets: a list of symbols, a header of
// seven followed by up to nine more. The minlen tag matters for the backward
// target: structfuzz grows a slice one element per mutation, and the backward
// chain rewards nothing shorter than seven, so without it the list would have
// to grow from empty to seven symbols with no coverage feedback on the way.
type Message struct {
	Symbols []Symbol `fuzz:"minlen=7,maxlen=16"`
}

// Secret is the sequence both targets look for at the start of a message.
var Secret = [7]Symbol{D, A, G, C, H, B, E}
