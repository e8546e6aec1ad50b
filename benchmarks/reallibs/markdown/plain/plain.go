// Package plain is the plain-bytes target of the markdown benchmark, and
// the parser call both targets share. It imports nothing of structfuzz,
// so its libFuzzer binary runs libFuzzer's own mutations.
package plain

import (
	"github.com/gomarkdown/markdown"
	"github.com/gomarkdown/markdown/parser"
)

// Extensions are the parser's: the common ones and those that add syntax.
const Extensions = parser.CommonExtensions | parser.Footnotes | parser.Attributes |
	parser.SuperSubscript | parser.OrderedListStart | parser.Titleblock

// Parse runs the library on a document's text.
func Parse(text []byte) {
	markdown.ToHTML(text, parser.NewWithExtensions(Extensions), nil)
}

// Fuzz parses data as Markdown.
func Fuzz(data []byte) int {
	Parse(data)
	return 0
}
