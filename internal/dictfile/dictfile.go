// Package dictfile writes libFuzzer's dictionary files (-dict=FILE): one
// quoted word a line, bytes outside printable ASCII escaped as \xHH.
// structfuzz run writes one for the literals of the target's source, and a
// built binary writes the same file itself when it is run without -dict.
package dictfile

import (
	"fmt"
	"strings"
)

// Format returns the dictionary file of words.
func Format(words []string) []byte {
	var b strings.Builder
	for _, s := range words {
		b.WriteByte('"')
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c >= 0x20 && c < 0x7f:
				b.WriteByte(c)
			default:
				fmt.Fprintf(&b, "\\x%02X", c)
			}
		}
		b.WriteString("\"\n")
	}
	return []byte(b.String())
}
