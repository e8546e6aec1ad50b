// Package backward is the enum-chain target in reversed order: it checks
// the seventh symbol of a message first, then the sixth, and so on down to
// the first, and panics when the message starts with enumchain.Secret. A
// fuzzer gets no coverage reward until a message has seven symbols and the
// last of them is right, and every later step must keep the ones already
// matched.
package backward

import "github.com/structfuzz/structfuzz/examples/enumchain"

// Unlock reports how many symbols of the secret m matches, in order from
// the seventh back to the first, and panics when all seven match.
func Unlock(m *enumchain.Message) int {
	s := m.Symbols
	if len(s) < 7 {
		return 0
	}
	if s[6] == enumchain.E {
		if s[5] == enumchain.B {
			if s[4] == enumchain.H {
				if s[3] == enumchain.C {
					if s[2] == enumchain.G {
						if s[1] == enumchain.A {
							if s[0] == enumchain.D {
								panic("enumchain: backward chain unlocked")
							}
							return 6
						}
						return 5
					}
					return 4
				}
				return 3
			}
			return 2
		}
		return 1
	}
	return 0
}

// Check runs the code under test on m; it is what the fuzz target calls.
func Check(m *enumchain.Message) { Unlock(m) }
