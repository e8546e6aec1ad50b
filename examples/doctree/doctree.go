// Package doctree renders an HTML-like document tree (paragraphs holding
// text, emphasis, code spans, hard line breaks and lists, nested freely) as
// CommonMark. Rendering is also a normalisation pass: whitespace collapses,
// Markdown punctuation is escaped, empty emphasis disappears, and hard line
// breaks at the edges of an emphasis move outside its markers, because
// CommonMark emphasis may not begin or end with whitespace.
//
// The planted bug needs a particular shape four levels deep: a paragraph
// holding a list whose task item ("[ ] ..." or "[x] ...") holds some text
// and then an emphasis that begins with a hard line break and has nothing
// but whitespace after it. The renderer trims the emphasis content before it
// moves the break out, so the task item's hanging indent that it expects
// after the break is gone, and slicing it off panics. Outside task items the
// indent is empty (list items are indented after they are rendered) and
// nothing happens; with any visible text after the break the indent is
// still there.
package doctree

import (
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
)

// Node is an inline node of a document: Text, Code, Emphasis, LineBreak or
// List. It is a union: its variants are registered with codec.RegisterUnion.
type Node interface{ isNode() }

// Text is a run of text. Runs of whitespace collapse to one space.
type Text struct {
	Text string `fuzz:"maxlen=24"`
}

// Code is an inline code span, rendered verbatim.
type Code struct {
	Text string `fuzz:"maxlen=16"`
}

// Emphasis emphasises its children; Strong makes it strong emphasis.
type Emphasis struct {
	Strong   bool
	Children []Node `fuzz:"maxlen=6"`
}

// LineBreak is a hard line break (HTML's <br>).
type LineBreak struct{}

// List is a bulleted or numbered list. Inside a paragraph or a list item it
// is a block; inside an emphasis it is flattened into the text.
type List struct {
	Ordered bool
	Items   []Item `fuzz:"maxlen=4"`
}

// Item is one item of a list.
type Item struct {
	Children []Node `fuzz:"maxlen=6"`
}

// Paragraph is a block of inline nodes.
type Paragraph struct {
	Children []Node `fuzz:"maxlen=8"`
}

// Document is the input of Markdown: a title and a body of paragraphs.
type Document struct {
	Title string      `fuzz:"maxlen=24"`
	Body  []Paragraph `fuzz:"maxlen=6"`
}

func (Text) isNode()      {}
func (Code) isNode()      {}
func (Emphasis) isNode()  {}
func (LineBreak) isNode() {}
func (List) isNode()      {}

func init() {
	codec.RegisterUnion[Node](Text{}, Code{}, Emphasis{}, LineBreak{}, List{})
}

// hardBreak is CommonMark's backslash hard line break.
const hardBreak = "\\\n"

// Check runs the code under test on v; it is what the fuzz target calls.
func Check(v *Document) { Markdown(v) }

// Markdown renders d as CommonMark.
func Markdown(d *Document) string {
	var b strings.Builder
	if t := collapse(d.Title); strings.TrimSpace(t) != "" {
		b.WriteString("# ")
		b.WriteString(escape(strings.TrimSpace(t)))
		b.WriteString("\n")
	}
	for i := range d.Body {
		r := &renderer{lineStart: true}
		r.blocks(d.Body[i].Children)
		out := strings.TrimRight(r.b.String(), " \n")
		if out == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(out)
		b.WriteString("\n")
	}
	return b.String()
}

// renderer writes inline content. indent is the hanging indent of the task
// list item being written (empty elsewhere: list items are indented after
// they are rendered); every new line starts with it.
type renderer struct {
	b         strings.Builder
	indent    string
	lineStart bool // nothing but the indent written on the current line
	flat      bool // inside an emphasis: lists are flattened into the text
}

// blocks writes the children of a paragraph or list item: inline runs, with
// lists set off as blocks.
func (r *renderer) blocks(nodes []Node) {
	for _, n := range nodes {
		if l, ok := n.(List); ok && !r.flat {
			r.list(&l)
			continue
		}
		r.inline(n)
	}
}

func (r *renderer) newline() {
	r.trimSpace()
	if !strings.HasSuffix(r.b.String(), "\n\n") {
		r.b.WriteString("\n")
	}
	r.b.WriteString(r.indent)
	r.lineStart = true
}

// trimSpace drops spaces at the end of what has been written so far.
func (r *renderer) trimSpace() {
	s := r.b.String()
	if t := strings.TrimRight(s, " "); len(t) != len(s) {
		r.b.Reset()
		r.b.WriteString(t)
	}
}

func (r *renderer) list(l *List) {
	if len(l.Items) == 0 {
		return
	}
	if !r.lineStart {
		r.newline()
	}
	for i := range l.Items {
		marker := "- "
		if l.Ordered {
			marker = strconv.Itoa(i+1) + ". "
		}
		pad := strings.Repeat(" ", len(marker))
		children := l.Items[i].Children
		// A task item, "[ ] text" or "[x] text": the box is part of the
		// marker, and continuation lines align with the text after it.
		sub := &renderer{lineStart: true}
		if len(children) > 0 {
			if t, ok := children[0].(Text); ok {
				if box, rest, ok := taskBox(collapse(t.Text)); ok {
					marker += box
					sub.indent = strings.Repeat(" ", len(box))
					children = append([]Node{Text{Text: rest}}, children[1:]...)
				}
			}
		}
		sub.blocks(children)
		body := strings.TrimRight(sub.b.String(), " \n")
		if i > 0 {
			r.newline()
		}
		// The item's lines, indented under the marker.
		for j, line := range strings.Split(body, "\n") {
			if j > 0 {
				r.newline()
				if line != "" {
					r.b.WriteString(pad)
				}
			} else {
				r.b.WriteString(marker)
			}
			r.b.WriteString(line)
		}
	}
	// A blank line ends the list; what follows continues the outer block.
	r.newline()
	r.newline()
}

// taskBox splits the check box off the text of a task list item.
func taskBox(s string) (box, rest string, ok bool) {
	s = strings.TrimLeft(s, " ")
	for _, b := range []string{"[ ] ", "[x] ", "[X] "} {
		if strings.HasPrefix(s, b) {
			return b, s[len(b):], true
		}
	}
	return "", s, false
}

func (r *renderer) inline(n Node) {
	switch n := n.(type) {
	case Text:
		r.text(n.Text)
	case Code:
		r.code(n.Text)
	case LineBreak:
		if r.lineStart {
			return // a break on an empty line would end the paragraph
		}
		r.trimSpace()
		r.b.WriteString(hardBreak)
		r.b.WriteString(r.indent)
		r.lineStart = true
	case Emphasis:
		r.emphasis(&n)
	case List:
		// Flattened: the items' text, separated by commas.
		for i := range n.Items {
			if i > 0 {
				r.text(", ")
			}
			for _, c := range n.Items[i].Children {
				r.inline(c)
			}
		}
	}
}

func (r *renderer) text(s string) {
	s = collapse(s)
	if r.lineStart || strings.HasSuffix(r.b.String(), " ") {
		s = strings.TrimLeft(s, " ")
	}
	if s == "" {
		return
	}
	r.b.WriteString(escape(s))
	r.lineStart = false
}

func (r *renderer) code(s string) {
	s = strings.ReplaceAll(collapse(s), "\n", " ")
	if strings.TrimSpace(s) == "" {
		return
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	r.b.WriteString(fence + s + fence)
	r.lineStart = false
}

// emphasis writes e between markers. CommonMark emphasis cannot begin or end
// with whitespace, so a hard break at either edge moves outside the markers,
// and an emphasis with nothing visible inside is dropped.
func (r *renderer) emphasis(e *Emphasis) {
	sub := &renderer{indent: r.indent, lineStart: r.lineStart, flat: true}
	for _, c := range e.Children {
		sub.inline(c)
	}
	inner := strings.TrimRight(sub.b.String(), " ")
	if strings.TrimSpace(inner) == "" {
		return
	}
	var lead, tail string
	if strings.HasPrefix(inner, hardBreak) {
		// The break and the continuation indent after it go first.
		n := len(hardBreak) + len(r.indent)
		lead, inner = inner[:n], inner[n:]
	}
	if strings.HasSuffix(inner, hardBreak) {
		inner = strings.TrimSuffix(inner, hardBreak)
		tail = hardBreak + r.indent
	}
	mark := "*"
	if e.Strong {
		mark = "**"
	}
	r.b.WriteString(lead)
	if inner != "" {
		r.b.WriteString(mark + inner + mark)
	}
	r.b.WriteString(tail)
	r.lineStart = tail != "" || (lead != "" && inner == "")
}

// collapse turns every run of whitespace into one space.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, c := range s {
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(c)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// escape backslash-escapes the characters that Markdown would read as markup.
func escape(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '*', '_', '`', '[', ']', '#', '<', '>':
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
