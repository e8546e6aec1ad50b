package mutator

import (
	"math"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

// runLen stays within its bounds and is skewed: mostly single elements,
// sometimes long runs.
func TestRunLen(t *testing.T) {
	m := New(1)
	for _, most := range []int{0, 1, 2, 3, 7, 100} {
		counts := map[int]int{}
		for range 16000 {
			n := m.runLen(most)
			if n < 1 || n > max(most, 1) || n > maxRun {
				t.Fatalf("runLen(%d) = %d", most, n)
			}
			counts[n]++
		}
		if most >= 100 {
			if ones := float64(counts[1]) / 16000; math.Abs(ones-0.5) > 0.03 {
				t.Errorf("runLen(100) is 1 %.2f of the time, want 0.5", ones)
			}
			long := 0
			for n, c := range counts {
				if n > 8 {
					long += c
				}
			}
			if long == 0 {
				t.Error("runLen(100) never gave a run longer than 8")
			}
		}
	}
}

type rSeq struct {
	Steps []uint16           `fuzz:"maxlen=40"`
	Names map[uint16]bool    `fuzz:"maxlen=40"`
	Few   []int8             `fuzz:"minlen=2,maxlen=5"`
	Sets  map[int8]struct{}  `fuzz:"maxlen=3"`
	Empty []struct{}         `fuzz:"maxlen=7"`
	Deep  map[string][]uint8 `fuzz:"maxlen=3"`
}

// One insertion or deletion changes a run of elements or entries: several
// at once some of the time, and never past a length limit.
func TestRunsOfElements(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[rSeq]())
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Steps", "Names", "Few", "Sets", "Empty"} {
		f := p.Fields[i]
		grew, shrank := map[int]int{}, map[int]int{}
		for seed := range uint64(2000) {
			m := New(seed)
			var v rSeq
			m.fresh(p, reflect.ValueOf(&v).Elem(), 0, 4096)
			fv := reflect.ValueOf(&v).Elem().Field(f.Index)
			m.budget = 4096
			before := fv.Len()
			do := opInsert
			if seed%2 == 1 {
				do = opDelete
			}
			var buf [maxOps]op
			if !contains(m.opsFor(f.Plan, shapeOf(f.Plan, fv), 0, buf[:0]), do) {
				continue
			}
			m.apply(f.Plan, fv, 0, do)
			if _, err := codec.Marshal(&v); err != nil {
				t.Fatalf("%s seed %d: the result breaks a limit: %v", name, seed, err)
			}
			if d := fv.Len() - before; do == opInsert {
				grew[d]++
			} else {
				shrank[-d]++
			}
		}
		for _, c := range []struct {
			what   string
			counts map[int]int
		}{{"insert", grew}, {"delete", shrank}} {
			// A map insertion fails when four fresh keys are all taken.
			total := 0
			for _, n := range c.counts {
				total += n
			}
			if f.Plan.Kind == plan.Map && c.counts[0]*20 <= total {
				c.counts[0] = 0
			}
			if c.counts[0] > 0 {
				t.Errorf("%s: %d of %d %ss changed nothing", name, c.counts[0], total, c.what)
			}
			several := 0
			for d, n := range c.counts {
				if d > 1 {
					several += n
				}
			}
			if several == 0 && name != "Few" {
				t.Errorf("%s: no %s of more than one element: %v", name, c.what, c.counts)
			}
		}
	}
}

func contains(ops []op, o op) bool {
	for _, x := range ops {
		if x == o {
			return true
		}
	}
	return false
}

func TestShrinkShare(t *testing.T) {
	for _, tc := range []struct {
		size, max int
		want      float64
	}{
		{0, 100, 0}, {50, 100, 0}, {75, 100, 0.25 / 3}, {100, 100, 1.0 / 3}, {200, 100, 1.0 / 3}, {10, 0, 0},
	} {
		if got := shrinkShare(tc.size, tc.max); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("shrinkShare(%d, %d) = %v, want %v", tc.size, tc.max, got, tc.want)
		}
	}
}

// Near the size limit, more results are smaller than their input than
// far from it.
func TestMutationsShrinkNearTheLimit(t *testing.T) {
	type step struct {
		Op   uint8
		Args []uint16 `fuzz:"maxlen=8"`
	}
	type prog struct {
		Steps []*step `fuzz:"maxlen=64"`
	}
	smaller := func(maxSize int) int {
		m := New(7)
		n := 0
		for i := range 400 {
			var v prog
			for j := range 12 {
				v.Steps = append(v.Steps, &step{Op: uint8(j), Args: []uint16{uint16(i), uint16(j)}})
			}
			enc, err := codec.Marshal(&v)
			if err != nil {
				t.Fatal(err)
			}
			if maxSize == 0 {
				maxSize = len(enc) + 8
			}
			if err := m.Mutate(&v, maxSize); err != nil {
				continue
			}
			if out, _ := codec.Marshal(&v); len(out) < len(enc) {
				n++
			}
		}
		return n
	}
	far, near := smaller(1<<16), smaller(0)
	t.Logf("smaller results: %d near the limit, %d far from it", near, far)
	if near < far+60 {
		t.Fatalf("%d of 400 results smaller near the limit, %d far from it: want clearly more near it", near, far)
	}
}
