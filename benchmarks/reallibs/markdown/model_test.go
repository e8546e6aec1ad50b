package markdown

import (
	"testing"

	"github.com/structfuzz/structfuzz/benchmarks/reallibs/internal/modeltest"
)

// The renderer writes the syntax of every block and inline kind, and the
// model's zero value and a full document go through the codec.
func TestRender(t *testing.T) {
	d := &Doc{Title: "T", Blocks: []Block{
		Heading{Level: 2, ID: "h", Text: []Inline{Text{S: "Head"}, Emph{Kind: 1, Text: []Inline{Text{S: "b"}}}}},
		Para{Text: []Inline{Link{Text: []Inline{Text{S: "l"}}, URL: "u", Title: "t"}, CodeSpan{Ticks: 1, S: "c"}, FootRef{Label: "1"}, Math{S: "x"}}},
		Code{Fence: 1, Lang: "go", Body: "x := 1"},
		Quote{Blocks: []Block{Para{Text: []Inline{Text{S: "q"}}}}},
		List{Kind: 2, Start: 3, Items: []Item{{Blocks: []Block{Para{Text: []Inline{Text{S: "i"}}}}}}},
		Table{Header: []Cell{{Text: []Inline{Text{S: "a"}}}}, Align: []uint8{2}, Rows: [][]Cell{{{Text: []Inline{Text{S: "1"}}}}}},
		FootnoteDef{Label: "1", Blocks: []Block{Para{Text: []Inline{Text{S: "note"}}}}},
		Rule{Char: 1},
	}}
	modeltest.Check(t, d, &Doc{}, "% T\n", "## Head**b** {#h}\n", "[l](u \"t\")`c`[^1]$x$", "```go\nx := 1\n```\n", "> q\n", "3. i\n", "| a |\n|:-:|\n| 1 |\n", "[^1]: note\n", "***\n")
}
