// Package forward is the enum-chain target in forward order: it checks the
// first symbol of a message, then the second, and so on, seven comparisons
// deep, and panics when the message starts with enumchain.Secret. A fuzzer
// guided by coverage is rewarded at every step; the planted "bug" needs all
// seven symbols right at once in the right positions.
package forward

import "github.com/structfuzz/structfuzz/examples/enumchain"

// Unlock reports how many symbols of the secret m matches, in order from
// the first, and panics when all seven match.
func Unlock(m *enumchain.Message) int {
	s := m.Symbols
	if len(s) > 0 && s[0] == enumchain.D {
		if len(s) > 1 && s[1] == enumchain.A {
			if len(s) > 2 && s[2] == enumchain.G {
				if len(s) > 3 && s[3] == enumchain.C {
					if len(s) > 4 && s[4] == enumchain.H {
						if len(s) > 5 && s[5] == enumchain.B {
							if len(s) > 6 && s[6] == enumchain.E {
								panic("enumchain: forward chain unlocked")
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
