package mutator_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

// bNode is a node of the recursive benchmark tree: a union of text,
// numbers, groups (held by pointer) and lists (held by value).
type bNode interface{ isBNode() }

type bText struct {
	S string `fuzz:"maxlen=24"`
}

type bNum int32

type bGroup struct {
	Bold bool
	Kids []bNode `fuzz:"maxlen=8"`
}

type bList struct {
	Ordered bool
	Items   []bItem `fuzz:"maxlen=6"`
}

type bItem struct {
	Attrs map[string]uint8
	Kids  []bNode `fuzz:"maxlen=8"`
}

// bTree is the root of the benchmark tree.
type bTree struct {
	Title string
	Body  []bNode
}

func (bText) isBNode()   {}
func (bNum) isBNode()    {}
func (*bGroup) isBNode() {}
func (bList) isBNode()   {}

func init() { codec.RegisterUnion[bNode](bText{}, bNum(0), &bGroup{}, bList{}) }

// treeValue builds a tree of a few hundred nodes, the same every time.
func treeValue() *bTree {
	n := 0
	var build func(depth int) bNode
	build = func(depth int) bNode {
		n++
		if depth == 0 {
			if n%2 == 0 {
				return bText{S: fmt.Sprintf("t%d", n)}
			}
			return bNum(n)
		}
		if n%3 == 0 {
			it := bItem{Attrs: map[string]uint8{"k": uint8(n)}}
			for range 3 {
				it.Kids = append(it.Kids, build(depth-1))
			}
			return bList{Ordered: n%2 == 0, Items: []bItem{it, {Kids: []bNode{build(depth - 1)}}}}
		}
		g := &bGroup{Bold: n%2 == 0}
		for range 4 {
			g.Kids = append(g.Kids, build(depth-1))
		}
		return g
	}
	t := &bTree{Title: "tree"}
	for range 3 {
		t.Body = append(t.Body, build(3))
	}
	return t
}

// BenchmarkMutateTree measures Mutate on a recursive tree of unions of a
// few hundred nodes (a couple of KB encoded), where a full encode or
// decode is expensive against one mutation: with a quarter of headroom,
// and with the size cap at the start's size, where an attempt that grows
// the value is undone (the value soon shrinks below the cap, though).
func BenchmarkMutateTree(b *testing.B) {
	for _, bc := range []struct {
		name string
		room func(n int) int
	}{
		{"headroom", func(n int) int { return n + n/4 }},
		{"full", func(n int) int { return n }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ptr := treeValue()
			start, err := codec.Marshal(ptr)
			if err != nil {
				b.Fatal(err)
			}
			maxSize := bc.room(len(start))
			m := mutator.New(1)
			b.ReportAllocs()
			for b.Loop() {
				if err := m.Mutate(ptr, maxSize); err != nil && !errors.Is(err, mutator.ErrNoMutation) {
					b.Fatal(err)
				}
			}
			end, _ := codec.Marshal(ptr)
			b.ReportMetric(float64(len(start)), "start-bytes")
			b.ReportMetric(float64(len(end)), "end-bytes")
		})
	}
}
