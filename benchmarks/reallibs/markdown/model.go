// Package markdown is a real-library benchmark target: a typed model of a
// Markdown document (blocks and inlines), rendered to Markdown text and
// parsed by github.com/gomarkdown/markdown at a 2019 version whose parser
// panics on many inputs (fixed since). The renderer is the user's side of
// the bargain: it writes syntax, and the library's parser is what is
// fuzzed. plain/ holds the same parser behind a plain-bytes target.
package markdown

import (
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/benchmarks/reallibs/markdown/plain"
	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

// Doc is the input: a document.
type Doc struct {
	Title  string  `fuzz:"maxlen=24"`
	Blocks []Block `fuzz:"maxlen=12"`
}

// Block is a block of the document.
type Block interface{ block() }

// Inline is a span of text inside a block.
type Inline interface{ inline() }

type (
	// Heading is an ATX (# ...) or setext heading with an optional {#id}.
	Heading struct {
		Level  uint8 `fuzz:"min=1,max=6"`
		Setext bool
		ID     string   `fuzz:"maxlen=8"`
		Text   []Inline `fuzz:"maxlen=6"`
	}
	// Para is a paragraph.
	Para struct {
		Text []Inline `fuzz:"maxlen=8"`
	}
	// Code is an indented or fenced code block.
	Code struct {
		Fence uint8  `fuzz:"max=2"` // indented, ``` or ~~~
		Lang  string `fuzz:"maxlen=8"`
		Body  string `fuzz:"maxlen=32"`
	}
	// Quote is a block quote.
	Quote struct {
		Blocks []Block `fuzz:"maxlen=4"`
	}
	// List is a bullet, ordered or definition list.
	List struct {
		Kind  uint8 `fuzz:"max=3"` // -, *, 1., definition
		Start uint16
		Loose bool
		Items []Item `fuzz:"maxlen=5"`
	}
	// Item is one item of a List.
	Item struct {
		Blocks []Block `fuzz:"maxlen=3"`
	}
	// Table is a table with a header, alignments and rows.
	Table struct {
		Header []Cell   `fuzz:"maxlen=4"`
		Align  []uint8  `fuzz:"maxlen=4"` // none, left, center, right
		Rows   [][]Cell `fuzz:"maxlen=4"`
	}
	// Cell is one cell of a Table.
	Cell struct {
		Text []Inline `fuzz:"maxlen=3"`
	}
	// Rule is a thematic break.
	Rule struct{ Char uint8 }
	// HTML is a block of raw HTML.
	HTML struct {
		Tag  string `fuzz:"maxlen=8"`
		Body string `fuzz:"maxlen=24"`
	}
	// FootnoteDef defines a footnote.
	FootnoteDef struct {
		Label  string  `fuzz:"maxlen=6"`
		Blocks []Block `fuzz:"maxlen=2"`
	}
	// RefDef defines a link reference.
	RefDef struct {
		Label, URL, Title string
	}
	// Attr is a block attribute line.
	Attr struct {
		ID, Class string `fuzz:"maxlen=8"`
		Key, Val  string `fuzz:"maxlen=8"`
	}
	// RawLine is a line of text as it is.
	RawLine struct{ Text string }
)

type (
	// Text is plain text.
	Text struct{ S string }
	// Emph is emphasis, strong emphasis, strike-through or a superscript.
	Emph struct {
		Kind uint8    `fuzz:"max=5"` // *, **, _, __, ~~, ^ or ~
		Text []Inline `fuzz:"maxlen=3"`
	}
	// CodeSpan is inline code.
	CodeSpan struct {
		Ticks uint8 `fuzz:"min=1,max=3"`
		S     string
	}
	// Link is an inline or reference link or image.
	Link struct {
		Image bool
		Ref   uint8    `fuzz:"max=2"` // inline, [text][label], [text][]
		Text  []Inline `fuzz:"maxlen=3"`
		URL   string
		Title string
	}
	// AutoLink is a URL in angle brackets.
	AutoLink struct{ URL string }
	// Break is a hard or soft line break.
	Break struct {
		Kind uint8 `fuzz:"max=2"`
	}
	// Entity is an HTML entity.
	Entity struct {
		Name string `fuzz:"maxlen=8"`
	}
	// FootRef refers to a footnote.
	FootRef struct {
		Label string `fuzz:"maxlen=6"`
	}
	// Math is inline or display math.
	Math struct {
		Display bool
		S       string
	}
)

func (Heading) block()     {}
func (Para) block()        {}
func (Code) block()        {}
func (Quote) block()       {}
func (List) block()        {}
func (Table) block()       {}
func (Rule) block()        {}
func (HTML) block()        {}
func (FootnoteDef) block() {}
func (RefDef) block()      {}
func (Attr) block()        {}
func (RawLine) block()     {}

func (Text) inline()     {}
func (Emph) inline()     {}
func (CodeSpan) inline() {}
func (Link) inline()     {}
func (AutoLink) inline() {}
func (Break) inline()    {}
func (Entity) inline()   {}
func (FootRef) inline()  {}
func (Math) inline()     {}

func init() {
	codec.RegisterUnion[Block](Heading{}, Para{}, Code{}, Quote{}, List{}, Table{}, Rule{}, HTML{}, FootnoteDef{}, RefDef{}, Attr{}, RawLine{})
	codec.RegisterUnion[Inline](Text{}, Emph{}, CodeSpan{}, Link{}, AutoLink{}, Break{}, Entity{}, FootRef{}, Math{})
}

var target = libfuzzer.Target(func(d *Doc) { plain.Parse(d.Render()) })

// Fuzz is the structfuzz target.
func Fuzz(data []byte) int { return target.Fuzz(data) }

// Render writes d as Markdown text.
func (d *Doc) Render() []byte {
	var w strings.Builder
	if d.Title != "" {
		w.WriteString("% " + d.Title + "\n\n")
	}
	blocks(&w, d.Blocks, "")
	return []byte(w.String())
}

func blocks(w *strings.Builder, bs []Block, prefix string) {
	for _, b := range bs {
		block(w, b, prefix)
		w.WriteString(prefix + "\n")
	}
}

func block(w *strings.Builder, b Block, p string) {
	switch b := b.(type) {
	case Heading:
		text := inlines(b.Text)
		id := ""
		if b.ID != "" {
			id = " {#" + b.ID + "}"
		}
		if b.Setext && b.Level <= 2 {
			under := "==="
			if b.Level == 2 {
				under = "---"
			}
			w.WriteString(p + text + id + "\n" + p + under + "\n")
			return
		}
		w.WriteString(p + strings.Repeat("#", int(b.Level)) + " " + text + id + "\n")
	case Para:
		w.WriteString(p + inlines(b.Text) + "\n")
	case Code:
		switch b.Fence {
		case 0:
			for _, l := range strings.Split(b.Body, "\n") {
				w.WriteString(p + "    " + l + "\n")
			}
		default:
			f := "```"
			if b.Fence == 2 {
				f = "~~~"
			}
			w.WriteString(p + f + b.Lang + "\n")
			for _, l := range strings.Split(b.Body, "\n") {
				w.WriteString(p + l + "\n")
			}
			w.WriteString(p + f + "\n")
		}
	case Quote:
		blocks(w, b.Blocks, p+"> ")
	case List:
		for i, it := range b.Items {
			var mark string
			switch b.Kind {
			case 0:
				mark = "- "
			case 1:
				mark = "* "
			case 2:
				mark = strconv.Itoa(int(b.Start)+i) + ". "
			default:
				w.WriteString(p + "Term " + strconv.Itoa(i) + "\n")
				mark = ": "
			}
			first := true
			for _, ib := range it.Blocks {
				var sub strings.Builder
				block(&sub, ib, "")
				for _, l := range strings.Split(strings.TrimRight(sub.String(), "\n"), "\n") {
					if first {
						w.WriteString(p + mark + l + "\n")
						first = false
					} else {
						w.WriteString(p + strings.Repeat(" ", len(mark)) + l + "\n")
					}
				}
			}
			if first {
				w.WriteString(p + mark + "\n")
			}
			if b.Loose {
				w.WriteString(p + "\n")
			}
		}
	case Table:
		row := func(cells []Cell) {
			w.WriteString(p + "|")
			for _, c := range cells {
				w.WriteString(" " + inlines(c.Text) + " |")
			}
			w.WriteString("\n")
		}
		row(b.Header)
		w.WriteString(p + "|")
		for i := range b.Header {
			a := uint8(0)
			if i < len(b.Align) {
				a = b.Align[i] % 4
			}
			w.WriteString([]string{"---", ":--", ":-:", "--:"}[a] + "|")
		}
		w.WriteString("\n")
		for _, r := range b.Rows {
			row(r)
		}
	case Rule:
		w.WriteString(p + strings.Repeat(string("-*_"[b.Char%3]), 3) + "\n")
	case HTML:
		w.WriteString(p + "<" + b.Tag + ">\n" + p + b.Body + "\n" + p + "</" + b.Tag + ">\n")
	case FootnoteDef:
		var sub strings.Builder
		blocks(&sub, b.Blocks, "")
		lines := strings.Split(strings.TrimRight(sub.String(), "\n"), "\n")
		w.WriteString(p + "[^" + b.Label + "]: " + lines[0] + "\n")
		for _, l := range lines[1:] {
			w.WriteString(p + "    " + l + "\n")
		}
	case RefDef:
		w.WriteString(p + "[" + b.Label + "]: " + b.URL)
		if b.Title != "" {
			w.WriteString(` "` + b.Title + `"`)
		}
		w.WriteString("\n")
	case Attr:
		w.WriteString(p + "{#" + b.ID + " ." + b.Class + " " + b.Key + "=\"" + b.Val + "\"}\n")
	case RawLine:
		w.WriteString(p + b.Text + "\n")
	}
}

func inlines(xs []Inline) string {
	var w strings.Builder
	for _, x := range xs {
		inline(&w, x)
	}
	return w.String()
}

var emphMarks = [...]string{"*", "**", "_", "__", "~~", "^"}

func inline(w *strings.Builder, x Inline) {
	switch x := x.(type) {
	case Text:
		w.WriteString(x.S)
	case Emph:
		m := emphMarks[x.Kind%uint8(len(emphMarks))]
		w.WriteString(m + inlines(x.Text) + m)
	case CodeSpan:
		t := strings.Repeat("`", int(x.Ticks))
		w.WriteString(t + x.S + t)
	case Link:
		if x.Image {
			w.WriteString("!")
		}
		w.WriteString("[" + inlines(x.Text) + "]")
		switch x.Ref {
		case 0:
			w.WriteString("(" + x.URL)
			if x.Title != "" {
				w.WriteString(` "` + x.Title + `"`)
			}
			w.WriteString(")")
		case 1:
			w.WriteString("[" + x.URL + "]")
		default:
			w.WriteString("[]")
		}
	case AutoLink:
		w.WriteString("<" + x.URL + ">")
	case Break:
		w.WriteString([]string{"  \n", "\\\n", "\n"}[x.Kind%3])
	case Entity:
		w.WriteString("&" + x.Name + ";")
	case FootRef:
		w.WriteString("[^" + x.Label + "]")
	case Math:
		if x.Display {
			w.WriteString("$$" + x.S + "$$")
		} else {
			w.WriteString("$" + x.S + "$")
		}
	}
}
