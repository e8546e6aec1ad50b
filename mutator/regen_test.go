package mutator_test

import (
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

type rgOrder struct {
	Kind  uint8 `fuzz:"min=1,max=3"`
	Items []int16
	Note  *string
	Code  string
}

// changed counts the fields of a that differ from b.
func (a rgOrder) changed(b rgOrder) int {
	n := 0
	if a.Kind != b.Kind {
		n++
	}
	if len(a.Items) != len(b.Items) || (a.Items == nil) != (b.Items == nil) {
		n++
	} else {
		for i := range a.Items {
			if a.Items[i] != b.Items[i] {
				n++
				break
			}
		}
	}
	if (a.Note == nil) != (b.Note == nil) || (a.Note != nil && *a.Note != *b.Note) {
		n++
	}
	if a.Code != b.Code {
		n++
	}
	return n
}

// With regeneration, a mutation of a small value now and then replaces it
// whole (several fields at once), within the size limit; without it, every
// mutation changes one field.
func TestRegeneration(t *testing.T) {
	for _, regen := range []bool{false, true} {
		opts := []mutator.Option{}
		if regen {
			opts = append(opts, mutator.WithRegeneration())
		}
		m := mutator.New(3, opts...)
		whole := 0
		for i := range 3000 {
			var v rgOrder
			if err := codec.UnmarshalLenient(nil, &v); err != nil {
				t.Fatal(err)
			}
			before := v
			if err := m.Mutate(&v, 40); err != nil {
				t.Fatalf("mutation %d: %v", i, err)
			}
			if enc, err := codec.Marshal(v); err != nil || len(enc) > 40 {
				t.Fatalf("mutation %d: %d bytes, %v", i, len(enc), err)
			}
			if v.changed(before) >= 3 {
				whole++
			}
		}
		switch {
		case !regen && whole > 0:
			t.Fatalf("without regeneration %d mutations changed three fields or more", whole)
		case regen && whole < 100:
			t.Fatalf("with regeneration only %d of 3000 mutations of a small value changed three fields or more", whole)
		}
	}
}

type rgHooked struct {
	A rgCounter
	B uint8
	C string
}

type rgCounter struct{ N uint8 }

func (c *rgCounter) Mutate(*mutator.Mutator) { c.N++ }

// A value that can hold a Mutate hook's type is never regenerated: the
// hook alone changes its values, one step at a time.
func TestRegenerationLeavesHookedValues(t *testing.T) {
	m := mutator.New(4, mutator.WithRegeneration())
	var v rgHooked
	for i := range 3000 {
		before := v.A.N
		if err := m.Mutate(&v, 64); err != nil {
			t.Fatalf("mutation %d: %v", i, err)
		}
		if v.A.N != before && v.A.N != before+1 {
			t.Fatalf("mutation %d: A went from %d to %d, not by its hook", i, before, v.A.N)
		}
	}
}
