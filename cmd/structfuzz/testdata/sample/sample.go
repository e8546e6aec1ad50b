// Package sample is the structured target of structfuzz's integration
// tests: a message handler with a planted bug behind structure, and
// variants of the fuzz function for the tests of libFuzzer's features.
package sample

import (
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

// Op is an enum with a hole.
type Op uint8

// EnumValues declares the valid ops.
func (Op) EnumValues() []Op { return []Op{1, 2, 4, 8} }

// Header is a fixed-size part.
type Header struct {
	Version uint8
	Flags   uint16
}

// Msg is the input type.
type Msg struct {
	Hdr   Header
	Op    Op
	Name  string  `fuzz:"maxlen=16"`
	Args  []int32 `fuzz:"maxlen=8"`
	Reply *Header
}

var mode string

func handle(m *Msg) {
	switch mode {
	case "safe":
		return
	case "dict":
		if m.Name == "xyzzy-plugh" {
			panic("sample: the magic name")
		}
		return
	}
	// The planted bug: an op-8 message with three or more arguments whose
	// second is negative, and a reply header of version 3.
	if m.Op == 8 && len(m.Args) >= 3 && m.Args[1] < 0 && m.Reply != nil && m.Reply.Version == 3 {
		var table [4]int
		_ = table[len(m.Args)+int(m.Reply.Version)]
	}
}

var target = libfuzzer.Target(handle)

// Fuzz has the planted bug.
func Fuzz(data []byte) int { return target.Fuzz(data) }

// FuzzSafe never crashes.
func FuzzSafe(data []byte) int {
	mode = "safe"
	return target.Fuzz(data)
}

// FuzzDict crashes only on a magic name.
func FuzzDict(data []byte) int {
	mode = "dict"
	return target.Fuzz(data)
}
