// Package modeltest checks the typed models of the real-library targets:
// the text they render and their round trip through the codec.
package modeltest

import (
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// Renderer is a model's document.
type Renderer interface{ Render() []byte }

// Check fails t unless doc's text contains every piece of want, and doc
// encodes and decodes (into fresh, a pointer to a new document) to a
// document that renders the same text.
func Check[D Renderer](t *testing.T, doc D, fresh D, want ...string) {
	t.Helper()
	got := string(doc.Render())
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("rendered text lacks %q:\n%s", w, got)
		}
	}
	b, err := codec.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := codec.Unmarshal(b, fresh); err != nil || string(fresh.Render()) != got {
		t.Fatalf("round trip: %v\n%s", err, fresh.Render())
	}
}
