package mutator_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/mutator"
)

// reachLimit is the number of mutations within which every reachability
// target must be met, starting from the zero value.
const reachLimit = 100_000

// firstReach mutates the zero value of T until reached reports true and
// returns the number of Mutate calls that took, or -1.
func firstReach[T any](t *testing.T, seed uint64, reached func(*T) bool) int {
	t.Helper()
	v := zero[T](t)
	m := mutator.New(seed)
	for i := 1; i <= reachLimit; i++ {
		mutate(t, m, &v, 4096)
		if reached(&v) {
			return i
		}
	}
	return -1
}

func TestReachNestedField(t *testing.T) {
	// mOuter.P.Items[i].X == 1: behind a pointer, inside a slice element.
	n := firstReach(t, 1, func(v *mOuter) bool {
		if v.P == nil {
			return false
		}
		for _, it := range v.P.Items {
			if it.X == 1 {
				return true
			}
		}
		return false
	})
	t.Logf("P.Items[i].X == 1 after %d mutations", n)
	if n < 0 {
		t.Fatalf("not reached within %d mutations", reachLimit)
	}
}

func TestReachInsertDelete(t *testing.T) {
	v := zero[mSeq](t)
	m := mutator.New(2)
	inserted, deleted := -1, -1
	prev := len(v.S)
	for i := 1; i <= reachLimit && deleted < 0; i++ {
		mutate(t, m, &v, 4096)
		switch n := len(v.S); {
		case n > prev && inserted < 0:
			inserted = i
		case n < prev && inserted >= 0:
			deleted = i
		}
		prev = len(v.S)
	}
	t.Logf("element inserted after %d mutations, one deleted after %d", inserted, deleted)
	if inserted < 0 || deleted < 0 {
		t.Fatalf("within %d mutations: inserted at %d, deleted at %d", reachLimit, inserted, deleted)
	}
}

func TestReachUnionVariants(t *testing.T) {
	v := zero[mUnionHolder](t)
	if v.S != nil {
		t.Fatalf("zero value holds %T", v.S)
	}
	m := mutator.New(3)
	want := []string{"mutator_test.mCircle", "*mutator_test.mRect", "*mutator_test.mRect (non-nil)", "mutator_test.mLabel", "nil again"}
	first := map[string]int{}
	for i := 1; i <= reachLimit && len(first) < len(want); i++ {
		mutate(t, m, &v, 4096)
		name := "nil again"
		if v.S != nil {
			name = reflect.TypeOf(v.S).String()
		}
		if r, ok := v.S.(*mRect); ok && r != nil {
			if _, seen := first[name+" (non-nil)"]; !seen {
				first[name+" (non-nil)"] = i
			}
		}
		if _, seen := first[name]; !seen {
			first[name] = i
		}
	}
	for _, w := range want {
		n, ok := first[w]
		t.Logf("%-30s after %d mutations", w, n)
		if !ok {
			t.Errorf("%s not reached within %d mutations", w, reachLimit)
		}
	}
}

func TestReachMapKey(t *testing.T) {
	n := firstReach(t, 4, func(v *mKeyed) bool {
		_, ok := v.M[7]
		return ok
	})
	t.Logf("key 7 present after %d mutations", n)
	if n < 0 {
		t.Fatalf("key 7 not reached within %d mutations", reachLimit)
	}
}

// A bool and a five-valued enum make ten states; all are reached quickly.
func TestReachBoolEnumStates(t *testing.T) {
	const limit = 1000
	v := zero[mBoolEnum](t)
	m := mutator.New(5)
	seen := map[mBoolEnum]bool{v: true}
	n := 0
	for n < limit && len(seen) < 2*len(mModes) {
		mutate(t, m, &v, 64)
		n++
		seen[v] = true
	}
	t.Logf("all %d states after %d mutations", len(seen), n)
	if len(seen) != 2*len(mModes) {
		t.Fatalf("%d of %d states within %d mutations: %v", len(seen), 2*len(mModes), limit, seen)
	}
	for s := range seen {
		if s.Mode != mModeA && s.Mode != mModeB && s.Mode != mModeC && s.Mode != mModeD && s.Mode != mModeE {
			t.Errorf("undeclared enum value in state %v", s)
		}
	}
}

// Reachability must not hinge on one lucky seed: every target is met from
// several seeds (the counts are logged for comparison).
func TestReachSeveralSeeds(t *testing.T) {
	for seed := uint64(10); seed < 15; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			nested := firstReach(t, seed, func(v *mOuter) bool {
				return v.P != nil && len(v.P.Items) > 0 && func() bool {
					for _, it := range v.P.Items {
						if it.X == 1 {
							return true
						}
					}
					return false
				}()
			})
			key := firstReach(t, seed, func(v *mKeyed) bool { _, ok := v.M[7]; return ok })
			rect := firstReach(t, seed, func(v *mUnionHolder) bool { r, ok := v.S.(*mRect); return ok && r != nil })
			t.Logf("nested %d, map key %d, *mRect %d", nested, key, rect)
			if nested < 0 || key < 0 || rect < 0 {
				t.Fatalf("not reached within %d mutations", reachLimit)
			}
		})
	}
}
