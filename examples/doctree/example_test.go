package doctree_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/doctree"
)

func ExampleMarkdown() {
	d := &doctree.Document{
		Title: "Shopping",
		Body: []doctree.Paragraph{{Children: []doctree.Node{
			doctree.Text{Text: "Before  the *weekend*:"},
			doctree.List{Items: []doctree.Item{
				{Children: []doctree.Node{doctree.Text{Text: "[x] bread"}}},
				{Children: []doctree.Node{doctree.Text{Text: "[ ] milk,"}, doctree.LineBreak{}, doctree.Emphasis{Children: []doctree.Node{doctree.Text{Text: "fresh"}}}}},
			}},
		}}},
	}
	fmt.Print(doctree.Markdown(d))
	// Output:
	// # Shopping
	//
	// Before the \*weekend\*:
	// - [x] bread
	// - [ ] milk,\
	//       *fresh*
}
