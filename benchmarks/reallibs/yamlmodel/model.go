// Package yamlmodel is a typed model of a YAML stream (documents, block and
// flow collections, every scalar style, anchors, aliases, tags) and its
// renderer, for the YAML libraries' benchmark targets. The renderer writes
// syntax, not always valid YAML: the libraries' parsers are what is fuzzed.
package yamlmodel

import (
	"strings"

	"github.com/structfuzz/structfuzz/codec"
)

// Stream is the input: one or more documents.
type Stream struct {
	Docs []Document `fuzz:"minlen=1,maxlen=3"`
}

// Document is one document of a stream.
type Document struct {
	Directive uint8 `fuzz:"max=2"` // none, %YAML 1.2, %TAG ! tag:example.com,2000:
	Start     bool  // ---
	End       bool  // ...
	Root      Node
}

// Node is a YAML node.
type Node interface{ node() }

// Props are a node's anchor and tag.
type Props struct {
	Anchor string `fuzz:"maxlen=6"` // &anchor, when not empty
	Tag    uint8  `fuzz:"max=6"`    // none, !!str, !!int, !!float, !!map, !!seq, !local
}

type (
	// Scalar is a scalar in one of five styles.
	Scalar struct {
		Props
		Style uint8  `fuzz:"max=4"` // plain, 'single', "double", |literal, >folded
		Chomp uint8  `fuzz:"max=2"` // block scalars: clip, strip (-), keep (+)
		Text  string `fuzz:"maxlen=24"`
	}
	// Alias refers to an anchor.
	Alias struct {
		Name string `fuzz:"maxlen=6"`
	}
	// Mapping is a block or flow mapping.
	Mapping struct {
		Props
		Flow  bool
		Pairs []Pair `fuzz:"maxlen=5"`
	}
	// Sequence is a block or flow sequence.
	Sequence struct {
		Props
		Flow  bool
		Items []Node `fuzz:"maxlen=5"`
	}
	// Raw is text written as it is, with a comment now and then.
	Raw struct {
		Text    string `fuzz:"maxlen=16"`
		Comment bool
	}
)

// Pair is one entry of a mapping.
type Pair struct {
	Explicit bool // ? key
	Key      Node
	Val      Node
}

func (Scalar) node()   {}
func (Alias) node()    {}
func (Mapping) node()  {}
func (Sequence) node() {}
func (Raw) node()      {}

func init() {
	codec.RegisterUnion[Node](Scalar{}, Alias{}, Mapping{}, Sequence{}, Raw{})
}

// Render writes s as YAML text.
func (s *Stream) Render() []byte {
	var w strings.Builder
	for _, d := range s.Docs {
		switch d.Directive {
		case 1:
			w.WriteString("%YAML 1.2\n")
		case 2:
			w.WriteString("%TAG ! tag:example.com,2000:\n")
		}
		if d.Start || d.Directive != 0 {
			w.WriteString("---\n")
		}
		block(&w, d.Root, 0)
		w.WriteString("\n")
		if d.End {
			w.WriteString("...\n")
		}
	}
	return []byte(w.String())
}

var tags = [...]string{"", "!!str ", "!!int ", "!!float ", "!!map ", "!!seq ", "!local "}

// props writes a node's anchor and tag.
func props(w *strings.Builder, p Props) {
	if p.Anchor != "" {
		w.WriteString("&" + p.Anchor + " ")
	}
	w.WriteString(tags[p.Tag])
}

// isBlock reports a node that block() writes on lines of its own.
func isBlock(n Node) bool {
	switch n := n.(type) {
	case Mapping:
		return !n.Flow && len(n.Pairs) > 0
	case Sequence:
		return !n.Flow && len(n.Items) > 0
	case Scalar:
		return n.Style >= 3
	}
	return false
}

// block writes n at indentation ind, where a block node may start.
func block(w *strings.Builder, n Node, ind int) {
	if !isBlock(n) {
		flow(w, n)
		return
	}
	pad := strings.Repeat(" ", ind)
	switch n := n.(type) {
	case Mapping:
		entries(w, n.Props, pad, len(n.Pairs), func(i int) {
			p := n.Pairs[i]
			if p.Explicit {
				w.WriteString("? ")
				block(w, p.Key, ind+2)
				w.WriteString("\n" + pad)
			} else {
				flow(w, p.Key)
			}
			w.WriteString(":")
			child(w, p.Val, ind+2)
		})
	case Sequence:
		entries(w, n.Props, pad, len(n.Items), func(i int) {
			w.WriteString("-")
			child(w, n.Items[i], ind+2)
		})
	case Scalar:
		props(w, n.Props)
		w.WriteString([]string{"|", ">"}[n.Style-3] + []string{"", "-", "+"}[n.Chomp] + "\n")
		for i, line := range strings.Split(n.Text, "\n") {
			if i > 0 {
				w.WriteString("\n")
			}
			w.WriteString(pad + "  " + line)
		}
	}
}

// entries writes a block collection of n entries at indentation pad: its
// anchor and tag on a line of their own, then each entry (written by
// entry) on a line.
func entries(w *strings.Builder, p Props, pad string, n int, entry func(i int)) {
	if p.Anchor != "" || p.Tag != 0 {
		props(w, p)
		w.WriteString("\n" + pad)
	}
	for i := range n {
		if i > 0 {
			w.WriteString("\n" + pad)
		}
		entry(i)
	}
}

// child writes the value after "key:" or "-": a block node on the next
// lines, indented, and anything else after a space.
func child(w *strings.Builder, n Node, ind int) {
	if isBlock(n) {
		if s, ok := n.(Scalar); ok {
			w.WriteString(" ")
			block(w, s, ind-2)
			return
		}
		w.WriteString("\n" + strings.Repeat(" ", ind))
		block(w, n, ind)
		return
	}
	w.WriteString(" ")
	flow(w, n)
}

// flow writes n where only flow syntax fits.
func flow(w *strings.Builder, n Node) {
	switch n := n.(type) {
	case nil:
		w.WriteString("~")
	case Scalar:
		props(w, n.Props)
		switch n.Style {
		case 1:
			w.WriteString("'" + strings.ReplaceAll(n.Text, "'", "''") + "'")
		case 2:
			w.WriteString(`"` + strings.ReplaceAll(n.Text, `"`, `\"`) + `"`)
		default:
			w.WriteString(n.Text)
		}
	case Alias:
		w.WriteString("*" + n.Name)
	case Mapping:
		flowEntries(w, n.Props, "{", "}", len(n.Pairs), func(i int) {
			if n.Pairs[i].Explicit {
				w.WriteString("? ")
			}
			flow(w, n.Pairs[i].Key)
			w.WriteString(": ")
			flow(w, n.Pairs[i].Val)
		})
	case Sequence:
		flowEntries(w, n.Props, "[", "]", len(n.Items), func(i int) { flow(w, n.Items[i]) })
	case Raw:
		w.WriteString(n.Text)
		if n.Comment {
			w.WriteString(" # note")
		}
	}
}

// flowEntries writes a flow collection of n entries (each written by
// entry) between open and end, after its anchor and tag.
func flowEntries(w *strings.Builder, p Props, open, end string, n int, entry func(i int)) {
	props(w, p)
	w.WriteString(open)
	for i := range n {
		if i > 0 {
			w.WriteString(", ")
		}
		entry(i)
	}
	w.WriteString(end)
}
