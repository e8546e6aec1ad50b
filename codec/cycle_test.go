package codec_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

type cNode struct {
	V    uint8
	Next *cNode
}

type cMap map[string]cMap

type cKids struct {
	Kids []*cKids
}

type cExpr interface{ cExpr() }

type cBox struct{ X cExpr }

func (*cBox) cExpr() {}

func init() { codec.RegisterUnion[cExpr](&cBox{}) }

// A value with a cycle (through a pointer, a map, a slice of pointers or
// a union) is ErrDepth (or ErrMemory, when the memory decoding it would
// need runs out first), naming the path, from every entry point that
// encodes, whatever MaxDepth says: a MaxDepth above MaxDepthCeiling is
// clamped, where it once let the walk overflow the stack, a fatal error
// no recover catches.
func TestCyclicValuesAreErrors(t *testing.T) {
	node := &cNode{V: 1}
	node.Next = node
	m := cMap{}
	m["a"] = m
	kids := &cKids{}
	kids.Kids = []*cKids{kids}
	box := &cBox{}
	box.X = box
	values := []struct {
		name, seg string
		v         any
	}{
		{"pointer", ".Next", node},
		{"map", "[value#0]", &m},
		{"slice", ".Kids[0]", kids},
		{"union", ".X.(cBox)", func() *cExpr { var e cExpr = box; return &e }()},
	}
	entry := []struct {
		name string
		f    func(v any) error
	}{
		{"Marshal", func(v any) error { _, err := codec.Marshal(v); return err }},
		{"Size", func(v any) error { _, err := codec.Size(v); return err }},
		{"Append", func(v any) error { _, err := codec.Options{}.Append(nil, v); return err }},
		{"MarshalReadable", func(v any) error { _, err := codec.MarshalReadable(v); return err }},
		{"Marshal/MaxDepth=MaxInt", func(v any) error { _, err := codec.Options{MaxDepth: math.MaxInt}.Marshal(v); return err }},
		{"Size/MaxDepth=1<<40", func(v any) error { _, err := codec.Options{MaxDepth: 1 << 40}.Size(v); return err }},
		{"Append/MaxDepth=1<<30", func(v any) error { _, err := codec.Options{MaxDepth: 1 << 30}.Append(nil, v); return err }},
	}
	for _, val := range values {
		for _, e := range entry {
			t.Run(val.name+"/"+e.name, func(t *testing.T) {
				err := e.f(val.v)
				var ce *codec.Error
				// ErrMemory comes first when the memory a deep value
				// needs outgrows the budget before the depth limit.
				if !(errors.Is(err, codec.ErrDepth) || errors.Is(err, codec.ErrMemory)) || !errors.As(err, &ce) {
					t.Fatalf("err = %v, want ErrDepth", err)
				}
				if !strings.Contains(ce.Path, val.seg+val.seg) {
					t.Fatalf("the error does not show the cycle's path: %v", err)
				}
			})
		}
	}
}

func TestMaxDepthCeiling(t *testing.T) {
	for _, tt := range []struct{ in, want int }{
		{0, codec.DefaultMaxDepth}, {-3, codec.DefaultMaxDepth}, {7, 7},
		{codec.MaxDepthCeiling, codec.MaxDepthCeiling}, {codec.MaxDepthCeiling + 1, codec.MaxDepthCeiling}, {math.MaxInt, codec.MaxDepthCeiling},
	} {
		if got := (codec.Options{MaxDepth: tt.in}).MaxDepthOrDefault(); got != tt.want {
			t.Errorf("Options{MaxDepth: %d}.MaxDepthOrDefault() = %d, want %d", tt.in, got, tt.want)
		}
	}
	// An input one level deeper than the ceiling: strict decoding stops at
	// the ceiling, lenient decoding cuts the list there.
	in := append(tRepeat([]byte{0, 1}, codec.MaxDepthCeiling+1), 0, 0) // V, then Next present
	opts := codec.Options{MaxDepth: math.MaxInt}
	if err := opts.Unmarshal(in, new(cNode)); !errors.Is(err, codec.ErrDepth) {
		t.Fatalf("strict: err = %v, want ErrDepth", err)
	}
	opts.Lenient = true
	var n cNode
	if err := opts.Unmarshal(in, &n); err != nil {
		t.Fatal(err)
	}
	depth := 0
	for p := n.Next; p != nil; p = p.Next {
		depth++
	}
	if depth != codec.MaxDepthCeiling {
		t.Fatalf("lenient: %d levels, want %d", depth, codec.MaxDepthCeiling)
	}
}
