package plan

// The analysis run once a compilation has built its plan graph: which plans
// recurse, which recursive steps count toward the depth limit, whether every
// recursive type can stop, the encoded sizes, and which hooks each plan's
// values can hold (reach.go).
//
// Edges of the graph are either required (a struct's fields, an array's
// elements, the elements a minimum length demands) or optional (a pointer
// may be nil, an interface nil, a collection empty). An optional edge
// between two plans of the same strongly connected component counts toward
// the depth limit; at the limit it must not be taken. A cycle made of
// required edges alone could never stop, and is rejected. Every other path
// through a cycle takes an optional edge, so the limit bounds recursion.

type edge struct {
	to       *Plan
	required bool
}

func edges(p *Plan) []edge {
	var out []edge
	switch p.Kind {
	case Struct:
		for _, f := range p.Fields {
			out = append(out, edge{f.Plan, true})
		}
	case Array:
		if p.Len > 0 {
			out = append(out, edge{p.Elem, true})
		}
	case Slice, Bytes:
		out = append(out, edge{p.Elem, p.Limits.MinLen > 0})
	case Map:
		out = append(out, edge{p.Key, false}, edge{p.Elem, false})
	case Pointer:
		out = append(out, edge{p.Elem, false})
	case Union:
		for _, v := range p.Variants {
			out = append(out, edge{v.Plan, false})
		}
	}
	return out
}

func (c *compiler) finish() error {
	for _, p := range c.all {
		// A copy narrowed from a plan still being compiled (a field whose
		// type contains the field) was taken before its element was set.
		if p.Base != p && p.Elem == nil {
			p.Elem, p.Key = p.Base.Elem, p.Base.Key
		}
	}
	for _, k := range c.keys {
		if err := plainKey(k.p, k.path); err != nil {
			return err
		}
	}
	comp := c.components()
	for _, p := range c.all {
		id := comp[p]
		same := func(q *Plan) bool { qid, ok := comp[q]; return ok && qid == id }
		switch p.Kind {
		case Pointer:
			p.DepthElem = same(p.Elem)
		case Slice, Map:
			p.DepthElem = same(p.Elem) && p.Limits.MinLen == 0
		case Union:
			for i := range p.Variants {
				p.Variants[i].Depth = same(p.Variants[i].Plan)
			}
		}
		for _, e := range edges(p) {
			if same(e.to) {
				p.Recursive = true
			}
		}
	}
	if err := c.requiredCycles(); err != nil {
		return err
	}
	for _, p := range c.all {
		if p.Base == p {
			if err := valueHookError(p); err != nil {
				return err
			}
		}
	}
	done := map[*Plan]bool{}
	for _, p := range c.all {
		c.sizes(p, done)
		memory(p)
	}
	// Narrowed copies were taken before their originals were analysed;
	// refresh what they copied.
	for _, p := range c.all {
		if p.Base != p {
			p.Recursive = p.Recursive || p.Base.Recursive
			p.Hooks = p.Base.Hooks
		}
	}
	c.hookReach(comp)
	return nil
}

// components numbers the strongly connected components of the new plans
// (Tarjan's algorithm). Plans compiled earlier cannot reach new ones, so
// they are left out.
func (c *compiler) components() map[*Plan]int {
	index := map[*Plan]int{}
	low := map[*Plan]int{}
	onStack := map[*Plan]bool{}
	comp := map[*Plan]int{}
	var stack []*Plan
	next, ncomp := 0, 0
	var visit func(p *Plan)
	visit = func(p *Plan) {
		index[p], low[p] = next, next
		next++
		stack = append(stack, p)
		onStack[p] = true
		for _, e := range edges(p) {
			q := e.to
			if !c.mine[q] {
				continue
			}
			if _, seen := index[q]; !seen {
				visit(q)
				low[p] = min(low[p], low[q])
			} else if onStack[q] {
				low[p] = min(low[p], index[q])
			}
		}
		if low[p] == index[p] {
			for {
				q := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[q] = false
				comp[q] = ncomp
				if q == p {
					break
				}
			}
			ncomp++
		}
	}
	for _, p := range c.all {
		if _, seen := index[p]; !seen {
			visit(p)
		}
	}
	return comp
}

// requiredCycles rejects a type that can only recurse without end.
func (c *compiler) requiredCycles() error {
	const (
		white = iota
		grey
		black
	)
	color := map[*Plan]int{}
	var visit func(p *Plan) *Plan
	visit = func(p *Plan) *Plan {
		color[p] = grey
		for _, e := range edges(p) {
			if !e.required {
				continue
			}
			switch color[e.to] {
			case grey:
				return e.to
			case white:
				if bad := visit(e.to); bad != nil {
					return bad
				}
			}
		}
		color[p] = black
		return nil
	}
	for _, p := range c.all {
		if color[p] == white {
			if bad := visit(p); bad != nil {
				return fail(bad.path, "%v can only recurse without end: every way back to it is required (a minimum length on a recursive element?)", bad.Type)
			}
		}
	}
	return nil
}

// sizes fills Fixed, MinSize and MemCopy. Only required edges contribute,
// and they form no cycle, so the recursion ends.
func (c *compiler) sizes(p *Plan, done map[*Plan]bool) {
	// Plans from earlier compilations are finished and shared: never
	// touch them again.
	if done[p] || !c.mine[p] {
		return
	}
	done[p] = true
	switch p.Kind {
	case Bool, Int, Uint, Float, Complex:
		p.Fixed, p.MinSize = p.Width, p.Width
		p.MemCopy = littleEndian && p.Kind != Bool && !p.Constrained() && int(p.Type.Size()) == p.Width
		p.Unchecked = !p.Constrained()
		p.Flat, p.Plain = true, true
	case String, Bytes, Opaque:
		p.MinSize = 4 + p.Limits.MinLen
		p.Flat = p.Kind == String
	case Slice:
		if p.Limits.MinLen > 0 {
			// Only a required element: an optional one can lead back to a
			// plan whose size is still being computed.
			c.sizes(p.Elem, done)
		}
		p.MinSize = 4 + p.Limits.MinLen*p.Elem.MinSize
	case Map:
		p.MinSize = 4
	case Pointer:
		p.MinSize = 1
	case Union:
		p.MinSize = 2
	case Array:
		c.sizes(p.Elem, done)
		p.MinSize = p.Len * p.Elem.MinSize
		p.Flat, p.Plain = p.Elem.Flat, p.Elem.Plain
		if p.Len == 0 {
			p.Fixed, p.MemCopy, p.Unchecked, p.Flat, p.Plain = 0, littleEndian, true, true, true
			break
		}
		if p.Elem.Fixed >= 0 {
			p.Fixed = p.MinSize
		}
		p.MemCopy = p.Elem.MemCopy
		p.Unchecked = p.Elem.Unchecked
	case Struct:
		fixed, mem, unchecked := true, p.Type.NumField() == len(p.Fields), true
		flat := mem
		plain := flat
		off := uintptr(0)
		for _, f := range p.Fields {
			c.sizes(f.Plan, done)
			p.MinSize += f.Plan.MinSize
			fixed = fixed && f.Plan.Fixed >= 0
			unchecked = unchecked && f.Plan.Unchecked
			flat = flat && f.Plan.Flat
			plain = plain && f.Plan.Plain
			sf := p.Type.Field(f.Index)
			mem = mem && f.Plan.MemCopy && sf.Offset == off
			off += sf.Type.Size()
		}
		if fixed {
			p.Fixed = p.MinSize
		}
		p.Unchecked = fixed && unchecked
		p.Flat, p.Plain = flat, plain
		p.MemCopy = mem && off == p.Type.Size()
	}
}
