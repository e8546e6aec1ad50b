package walk

import "math"

// Rec is what a counting walk records of one node of a value, in the order
// it visits them (preorder): the candidates in the node's subtree and the
// number of records the subtree spans, the node's own included. A node
// whose subtree the count does not visit node by node has a span of 1.
//
// The mutator and crossover count the candidates of a whole value before
// they walk to the one they chose; with the records the walk that applies
// passes every subtree that does not hold it without visiting it.
type Rec struct{ Count, Span int32 }

// Recorder appends the records of a counting walk.
type Recorder struct{ Recs []Rec }

// Reset forgets the records, keeping their room.
func (r *Recorder) Reset() { r.Recs = r.Recs[:0] }

// Open starts the record of a node and returns its index for Close.
func (r *Recorder) Open() int {
	r.Recs = append(r.Recs, Rec{})
	return len(r.Recs) - 1
}

// Close ends the record at, which Open gave, with the node's count; the
// records made since are its subtree's.
func (r *Recorder) Close(at, count int) {
	r.Recs[at] = Rec{Count: int32(min(count, math.MaxInt32)), Span: int32(len(r.Recs) - at)}
}

// Len returns how many records there are, for Cut.
func (r *Recorder) Len() int { return len(r.Recs) }

// Cut forgets the records past the first n: those of nodes a walk by
// records visits without them (a subtree whose nodes the count visits in
// another order, or that a hook is in charge of).
func (r *Recorder) Cut(n int) { r.Recs = r.Recs[:n] }

// Usable reports whether records of a count of total candidates can guide
// a walk: there are some, and no count was cut to fit a Rec.
func (r *Recorder) Usable(total int) bool { return len(r.Recs) > 0 && total <= math.MaxInt32 }

// Cursor follows the records along the walk that applies a chosen
// candidate. The zero Cursor (no records) passes nothing.
type Cursor struct {
	recs []Rec
	i    int
}

// NewCursor returns a cursor at the first of recs.
func NewCursor(recs []Rec) Cursor { return Cursor{recs: recs} }

// On reports whether the cursor has records to follow.
func (c *Cursor) On() bool { return c.recs != nil }

// Pass passes the next node when the candidate target is not inside it:
// n, the candidates passed so far, grows by the node's count. It reports
// whether it passed.
func (c *Cursor) Pass(target int, n *int) bool {
	if c.recs == nil {
		return false
	}
	if r := c.recs[c.i]; target >= *n+int(r.Count) {
		*n += int(r.Count)
		c.i += int(r.Span)
		return true
	}
	return false
}

// Enter enters the next node and returns its count, and the records as
// they were when the node has none below it: the cursor is then off until
// Leave gives them back.
func (c *Cursor) Enter() (count int, saved []Rec) {
	r := c.recs[c.i]
	c.i++
	if r.Span > 1 {
		return int(r.Count), nil
	}
	saved, c.recs = c.recs, nil
	return int(r.Count), saved
}

// Leave ends the visit of a node Enter entered.
func (c *Cursor) Leave(saved []Rec) {
	if saved != nil {
		c.recs = saved
	}
}
