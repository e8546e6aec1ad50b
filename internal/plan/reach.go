package plan

// Hook reachability: which hooks a value of a plan can hold below it,
// computed once per compilation from the strongly connected components
// analysis.go finds, and read by the walks that skip hookless subtrees.

// reach is the set of hook kinds a value of a plan can hold, on itself or
// inside it: bit k for HookKind k.
type reach uint8

func (r reach) has(k HookKind) bool { return r&(1<<k) != 0 }

// ownHooks is the set of hook kinds p itself has.
func ownHooks(p *Plan) reach {
	var r reach
	for k := HookKind(0); k < NumHookKinds; k++ {
		if p.Hooks.Has(k) {
			r |= 1 << k
		}
	}
	return r
}

// ReachesHook reports whether a value of the plan can hold a hook of kind
// k (a method or a registered function): on itself, or on a value inside
// it (a field, an element, the target of a pointer, the content of a
// union, a map's values and, when keys is true, a map's keys). Each walk
// asks with the parts it visits: the mutator changes keys, while
// crossover and post-processing leave them alone.
//
// The answer holds for the registrations under which the plan was
// compiled: a registration (a union variant or hook function, usually in
// init) makes For compile new plans with new answers, so ask For when the
// answer is needed, not at package initialisation.
func (p *Plan) ReachesHook(k HookKind, keys bool) bool {
	if k < 0 || k >= NumHookKinds {
		return false
	}
	if keys {
		return p.reachKeys.has(k)
	}
	return p.reach.has(k)
}

// hookReach fills reach and reachKeys of the new plans. The members of a
// component reach each other, so they share one answer: their own hooks
// and the answers of the components their edges leave to. Tarjan's
// algorithm numbers a component only once every component it reaches has
// a lower number, so in increasing order each component meets answers
// that are known already (plans of earlier compilations are complete).
//
// A map's key never lies on a cycle through the map (keys hold no
// pointer, union or collection), so an edge inside a component is never a
// key's, and the answer without keys is the same for every member too.
func (c *compiler) hookReach(comp map[*Plan]int) {
	n := 0
	for _, id := range comp {
		n = max(n, id+1)
	}
	members := make([][]*Plan, n)
	for _, p := range c.all {
		members[comp[p]] = append(members[comp[p]], p)
	}
	for id, ms := range members {
		var vals, all reach
		for _, p := range ms {
			own := ownHooks(p)
			vals, all = vals|own, all|own
			for _, e := range edges(p) {
				if qid, ok := comp[e.to]; ok && qid == id {
					continue // a member: its hooks are counted with it
				}
				all |= e.to.reachKeys
				if p.Kind != Map || e.to != p.Key || p.Key == p.Elem {
					vals |= e.to.reach
				}
			}
		}
		for _, p := range ms {
			p.reach, p.reachKeys = vals, all
		}
	}
}
