package doctree

import (
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzDoctree fuzzes Markdown with Go's own fuzzer: go test -fuzz=FuzzDoctree.
func FuzzDoctree(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

func para(nodes ...Node) Paragraph { return Paragraph{Children: nodes} }

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"empty", Document{}, ""},
		{"title", Document{Title: "  A   title "}, "# A title\n"},
		{"whitespace", Document{Body: []Paragraph{para(Text{"  one \t two\n"}, Text{" three"})}}, "one two three\n"},
		{"escape", Document{Body: []Paragraph{para(Text{"a*b_c [d]"})}}, "a\\*b\\_c \\[d\\]\n"},
		{"paragraphs", Document{Body: []Paragraph{para(Text{"a"}), para(), para(Text{"b"})}}, "a\n\nb\n"},
		{"emphasis", Document{Body: []Paragraph{para(Text{"a "}, Emphasis{Children: []Node{Text{"b"}}}, Emphasis{Strong: true, Children: []Node{Text{"c"}}})}}, "a *b***c**\n"},
		{"empty emphasis", Document{Body: []Paragraph{para(Text{"a"}, Emphasis{Children: []Node{Text{"  "}}})}}, "a\n"},
		{"break", Document{Body: []Paragraph{para(Text{"a "}, LineBreak{}, Text{" b"})}}, "a\\\nb\n"},
		{"break at line start", Document{Body: []Paragraph{para(LineBreak{}, Text{"a"})}}, "a\n"},
		{"break leaves emphasis", Document{Body: []Paragraph{para(Text{"a"}, Emphasis{Children: []Node{LineBreak{}, Text{"b"}, LineBreak{}}}, Text{"c"})}}, "a\\\n*b*\\\nc\n"},
		{"code", Document{Body: []Paragraph{para(Code{"x`y"}, Code{" "})}}, "``x`y``\n"},
		{"list", Document{Body: []Paragraph{para(Text{"intro"}, List{Items: []Item{{Children: []Node{Text{"one"}}}, {Children: []Node{Text{"two"}, LineBreak{}, Text{"more"}}}}}, Text{"after"})}},
			"intro\n- one\n- two\\\n  more\n\nafter\n"},
		{"ordered nested", Document{Body: []Paragraph{para(List{Ordered: true, Items: []Item{{Children: []Node{Text{"a"}, List{Items: []Item{{Children: []Node{Text{"b"}}}}}}}}})}},
			"1. a\n   - b\n"},
		{"task", Document{Body: []Paragraph{para(List{Items: []Item{{Children: []Node{Text{"[x] done"}, LineBreak{}, Text{"really"}}}}})}},
			"- [x] done\\\n      really\n"},
		{"flattened list", Document{Body: []Paragraph{para(Emphasis{Children: []Node{List{Items: []Item{{Children: []Node{Text{"a"}}}, {Children: []Node{Text{"b"}}}}}}})}},
			"*a, b*\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Markdown(&tt.doc); got != tt.want {
				t.Errorf("Markdown = %q, want %q", got, tt.want)
			}
		})
	}
}

// plantedBug is the shape the package comment describes.
func plantedBug() *Document {
	return &Document{Body: []Paragraph{para(List{Items: []Item{{Children: []Node{
		Text{"[ ] buy milk"},
		Emphasis{Children: []Node{LineBreak{}, Text{"  "}}},
	}}}})}}
}

const wantPanic = "slice bounds out of range"

func TestPlantedBug(t *testing.T) {
	crashtest.MustPanic(t, wantPanic, func() { Check(plantedBug()) })
	// Each part of the shape is needed.
	near := []*Document{
		{Body: []Paragraph{para(Text{"a"}, Emphasis{Children: []Node{LineBreak{}}})}},                                                         // no list
		{Body: []Paragraph{para(List{Items: []Item{{Children: []Node{Text{"a"}, Emphasis{Children: []Node{LineBreak{}}}}}}})}},                // no task box
		{Body: []Paragraph{para(List{Items: []Item{{Children: []Node{Text{"[ ] a"}, Emphasis{Children: []Node{LineBreak{}, Text{"b"}}}}}}})}}, // text after the break
		{Body: []Paragraph{para(List{Items: []Item{{Children: []Node{Text{"[ ] "}, Emphasis{Children: []Node{LineBreak{}}}}}}})}},             // break at line start
	}
	for i, d := range near {
		Markdown(d) // must not panic
		_ = i
	}
}

// TestCrashInput replays a crash input the fuzzer found.
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/task-item-break", wantPanic)
}
