package mutator

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

type pNote struct {
	Text string
	Tag  uint32
}

type pDoc struct {
	Title string
	Body  []byte
	Notes map[string]pNote
	Next  *pDoc
	Count int16
	Alt   sShape
}

// pickText and pickInteger find every text and integer of the value,
// those in map entries, pointees and union contents included, each about
// equally often.
func TestPickLeavesUniformly(t *testing.T) {
	v := &pDoc{
		Title: "title", Body: []byte("body"),
		Notes: map[string]pNote{"k1": {Text: "n1", Tag: 11}, "k2": {Text: "n2", Tag: 12}},
		Next:  &pDoc{Title: "deep", Count: 7},
		Count: 3, Alt: sCircle{R: 9},
	}
	m := New(1)
	m.root = v
	texts := map[string]int{}
	words := map[uint64]int{}
	const n = 9000
	for range n {
		b, ok := m.pickText()
		if !ok {
			t.Fatal("no text found")
		}
		texts[string(b)]++
		w, ok := m.pickInteger()
		if !ok {
			t.Fatal("no integer found")
		}
		words[w]++
	}
	wantTexts := []string{"title", "body", "k1", "n1", "k2", "n2", "deep", ""}
	for _, s := range wantTexts {
		if f := float64(texts[s]) / n; f < 0.08 || f > 0.17 {
			t.Errorf("text %q picked %.3f of the time, want about %.3f: %v", s, f, 1.0/float64(len(wantTexts)), texts)
		}
	}
	for _, w := range []uint64{11, 12, 7, 3} {
		if words[w] == 0 {
			t.Errorf("integer %d never picked: %v", w, words)
		}
	}
	if _, ok := words[9]; !ok {
		t.Errorf("the union's content never picked: %v", words)
	}
	m.root = nil
	if _, ok := m.pickText(); ok {
		t.Error("a text picked with no value")
	}
}

// The leaf moves of a string: mostly valid UTF-8, sometimes empty,
// sometimes a copy of another text of the value.
func TestStringLeaves(t *testing.T) {
	p := planOf[pDoc](t)
	title := p.Fields[0].Plan
	valid, empty, copied := 0, 0, 0
	const n = 4000
	for seed := range uint64(n) {
		m := New(seed)
		v := &pDoc{Title: "\xff\xfeabc", Body: []byte("other text")}
		m.root = v
		m.budget = 64
		m.leafBytes(title, reflect.ValueOf(v).Elem().Field(0))
		switch s := v.Title; {
		case s == "":
			empty++
		case s == "other text":
			copied++
		}
		if utf8.ValidString(v.Title) {
			valid++
		}
	}
	if f := float64(valid) / n; f < 0.8 {
		t.Errorf("%.2f of strings valid UTF-8, want most", f)
	}
	if empty == 0 || copied == 0 {
		t.Errorf("%d empty, %d copied of %d: want some of each", empty, copied, n)
	}
}
