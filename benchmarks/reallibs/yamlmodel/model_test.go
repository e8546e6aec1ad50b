package yamlmodel

import (
	"testing"

	"github.com/structfuzz/structfuzz/benchmarks/reallibs/internal/modeltest"
)

// The renderer writes every kind of node, block and flow, and a full
// stream goes through the codec.
func TestRender(t *testing.T) {
	s := &Stream{Docs: []Document{
		{Directive: 1, Root: Mapping{Pairs: []Pair{
			{Key: Scalar{Text: "name"}, Val: Scalar{Style: 2, Text: `a "q"`}},
			{Key: Scalar{Text: "list"}, Val: Sequence{Props: Props{Anchor: "l"}, Items: []Node{Scalar{Text: "1"}, Mapping{Flow: true, Pairs: []Pair{{Key: Scalar{Text: "x"}, Val: Alias{Name: "l"}}}}}}},
			{Key: Scalar{Text: "text"}, Val: Scalar{Style: 3, Chomp: 1, Text: "line1\nline2"}},
			{Explicit: true, Key: Sequence{Flow: true, Items: []Node{Scalar{Style: 1, Text: "it's"}}}, Val: Raw{Text: "0x1F", Comment: true}},
		}}},
		{Start: true, End: true, Root: Scalar{Props: Props{Tag: 2}, Text: "42"}},
	}}
	modeltest.Check(t, s, &Stream{}, "%YAML 1.2\n---\nname: \"a \\\"q\\\"\"", "list:\n  &l \n  - 1\n  - {x: *l}",
		"text: |-\n  line1\n  line2", "? ['it''s']\n: 0x1F # note", "---\n!!int 42\n...")
}
