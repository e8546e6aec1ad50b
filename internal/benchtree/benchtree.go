// Package benchtree is the recursive tree the benchmarks of several
// packages share: a union of text, numbers, groups (held by pointer) and
// lists (held by value), a couple of hundred nodes and about 2.5 KB
// encoded, where one full encode or decode is expensive against one
// mutation.
package benchtree

import (
	"fmt"

	"github.com/structfuzz/structfuzz/codec"
)

// Node is a node of the tree.
type Node interface{ isNode() }

// Text is a leaf of text.
type Text struct {
	S string `fuzz:"maxlen=24"`
}

// Num is a numeric leaf.
type Num int32

// Group holds nodes, by pointer in the union.
type Group struct {
	Bold bool
	Kids []Node `fuzz:"maxlen=8"`
}

// List holds items, by value in the union.
type List struct {
	Ordered bool
	Items   []Item `fuzz:"maxlen=6"`
}

// Item is an element of a List.
type Item struct {
	Attrs map[string]uint8
	Kids  []Node `fuzz:"maxlen=8"`
}

// Tree is the root.
type Tree struct {
	Title string
	Body  []Node
}

func (Text) isNode()   {}
func (Num) isNode()    {}
func (*Group) isNode() {}
func (List) isNode()   {}

func init() { codec.RegisterUnion[Node](Text{}, Num(0), &Group{}, List{}) }

// Value builds a tree, the same for the same salt.
func Value(salt int) *Tree {
	n := salt
	var build func(depth int) Node
	build = func(depth int) Node {
		n++
		if depth == 0 {
			if n%2 == 0 {
				return Text{S: fmt.Sprintf("t%d", n)}
			}
			return Num(n)
		}
		if n%3 == 0 {
			it := Item{Attrs: map[string]uint8{"k": uint8(n)}}
			for range 3 {
				it.Kids = append(it.Kids, build(depth-1))
			}
			return List{Ordered: n%2 == 0, Items: []Item{it, {Kids: []Node{build(depth - 1)}}}}
		}
		g := &Group{Bold: n%2 == 0}
		for range 4 {
			g.Kids = append(g.Kids, build(depth-1))
		}
		return g
	}
	t := &Tree{Title: "tree"}
	for range 3 {
		t.Body = append(t.Body, build(3))
	}
	return t
}
