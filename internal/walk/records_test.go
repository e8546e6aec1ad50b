package walk

import (
	"math"
	"testing"
)

// A tree of counts recorded by a Recorder, then followed by a Cursor the
// way an applying walk does: every candidate is found in the node that
// holds it, passing the others whole.
func TestRecordsFindEveryCandidate(t *testing.T) {
	// root(own 1) -> a(own 2) -> a1(own 3); b(own 1, leaf kept as one
	// record, 4 inside); c(own 0) -> c1(own 5)
	type node struct {
		name string
		own  int
		kids []*node
		leaf int // candidates inside a node recorded as one record
	}
	c1 := &node{name: "c1", own: 5}
	tree := &node{name: "root", own: 1, kids: []*node{
		{name: "a", own: 2, kids: []*node{{name: "a1", own: 3}}},
		{name: "b", own: 1, leaf: 4},
		{name: "c", kids: []*node{c1}},
	}}
	var r Recorder
	var count func(n *node) int
	count = func(n *node) int {
		at := r.Open()
		total := n.own + n.leaf
		for _, k := range n.kids {
			total += count(k)
		}
		if n.leaf > 0 {
			r.Cut(at + 1)
		}
		r.Close(at, total)
		return total
	}
	total := count(tree)
	if total != 16 || !r.Usable(total) {
		t.Fatalf("total %d, usable %v; want 16, true", total, r.Usable(total))
	}
	// find walks to the node holding candidate target, as the applying
	// walks do, and names it.
	var find func(n *node, c *Cursor, target int, passed *int) string
	find = func(n *node, c *Cursor, target int, passed *int) string {
		if c.Pass(target, passed) {
			return ""
		}
		_, saved := c.Enter()
		defer c.Leave(saved)
		if target < *passed+n.own+n.leaf {
			return n.name
		}
		*passed += n.own + n.leaf
		for _, k := range n.kids {
			if got := find(k, c, target, passed); got != "" {
				return got
			}
		}
		return ""
	}
	want := []string{"root", "a", "a", "a1", "a1", "a1", "b", "b", "b", "b", "b", "c1", "c1", "c1", "c1", "c1"}
	for target, name := range want {
		c, passed := NewCursor(r.Recs), 0
		if got := find(tree, &c, target, &passed); got != name {
			t.Errorf("candidate %d: found in %q, want %q", target, got, name)
		}
	}
	r.Reset()
	if r.Len() != 0 || r.Usable(0) {
		t.Errorf("after Reset: %d records, usable %v", r.Len(), r.Usable(0))
	}
	var off Cursor
	if n := 0; off.On() || off.Pass(0, &n) {
		t.Error("the zero Cursor follows records")
	}
	r.Close(r.Open(), math.MaxInt32+1)
	if r.Usable(math.MaxInt32 + 1) {
		t.Error("records of a count past math.MaxInt32 are usable")
	}
}
