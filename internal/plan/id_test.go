package plan

import (
	"reflect"
	"testing"
)

type idInner struct{ N int8 }

type idOuter struct {
	A idInner
	B []idInner `fuzz:"maxlen=3"`
	S string    `fuzz:"maxlen=4"`
	T string
	P *idOuter
}

// Every base plan of a type graph has its own ID, and a plan narrowed by
// a tag has its base's.
func TestPlanIDs(t *testing.T) {
	root, err := For(reflect.TypeFor[idOuter]())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int]*Plan{}
	var visit func(p *Plan)
	seen := map[*Plan]bool{}
	visit = func(p *Plan) {
		if seen[p] {
			return
		}
		seen[p] = true
		if p.ID != p.Base.ID {
			t.Errorf("%s: ID %d, its base's %d", p.Path(), p.ID, p.Base.ID)
		}
		if q, ok := byID[p.ID]; ok && q != p.Base {
			t.Errorf("%v and %v share ID %d", q.Type, p.Base.Type, p.ID)
		}
		byID[p.ID] = p.Base
		for i := range p.Fields {
			visit(p.Fields[i].Plan)
		}
		if p.Elem != nil {
			visit(p.Elem)
		}
	}
	visit(root)
	if root.Fields[2].Plan == root.Fields[3].Plan {
		t.Fatal("the narrowed string plan is the base plan: the test checks nothing")
	}
	if len(byID) < 5 {
		t.Errorf("%d distinct IDs, want one per base plan (at least 5)", len(byID))
	}
}
