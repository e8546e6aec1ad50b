package graph

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzGraph fuzzes Plan with Go's own fuzzer: go test -fuzz=FuzzGraph.
func FuzzGraph(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

func tasks(names ...string) []Task {
	ts := make([]Task, len(names))
	for i, n := range names {
		ts[i] = Task{Name: n, Cost: uint8(i + 1)}
	}
	return ts
}

func TestPlan(t *testing.T) {
	tests := []struct {
		name     string
		g        Graph
		order    []int
		critical int
		cycle    string
	}{
		{name: "empty", g: Graph{}, order: nil, critical: 0},
		{name: "independent, cheapest first", g: Graph{Tasks: []Task{{"b", 5}, {"a", 1}, {"c", 5}}}, order: []int{1, 0, 2}, critical: 5},
		{name: "chain", g: Graph{Tasks: tasks("link", "compile", "fetch"), Deps: []Dep{{0, 1}, {1, 2}}}, order: []int{2, 1, 0}, critical: 6},
		{name: "diamond", g: Graph{Tasks: tasks("a", "b", "c", "d"), Deps: []Dep{{3, 1}, {3, 2}, {1, 0}, {2, 0}}}, order: []int{0, 1, 2, 3}, critical: 1 + 3 + 4},
		{name: "self loop", g: Graph{Tasks: tasks("a"), Deps: []Dep{{0, 0}}}, cycle: "dependency cycle: a -> a"},
		{name: "two cycle", g: Graph{Tasks: tasks("x", "a", "b"), Deps: []Dep{{1, 2}, {2, 1}, {1, 0}}}, cycle: "dependency cycle: a -> b -> a"},
		{name: "three cycle without gen", g: Graph{Tasks: tasks("a", "b", "c"), Deps: []Dep{{0, 1}, {1, 2}, {2, 0}}}, cycle: "dependency cycle: a -> b -> c -> a"},
		// The code-generation loop is broken at the dependency on gen:
		// api needs gen, gen needs schema, schema needs api.
		{name: "codegen loop", g: Graph{Tasks: tasks("api", "gen", "schema"), Deps: []Dep{{0, 1}, {1, 2}, {2, 0}}}, order: []int{0, 2, 1}, critical: 1 + 3 + 2},
		{name: "four cycle with gen", g: Graph{Tasks: tasks("a", "gen", "c", "d"), Deps: []Dep{{0, 1}, {1, 2}, {2, 3}, {3, 0}}}, cycle: "dependency cycle: a -> gen -> c -> d -> a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Plan(&tt.g)
			if tt.cycle != "" {
				var ce *CycleError
				if !errors.As(err, &ce) || err.Error() != tt.cycle {
					t.Fatalf("Plan = %v, %v; want error %q", s, err, tt.cycle)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(s.Order, tt.order) || s.Critical != tt.critical {
				t.Errorf("Plan = %v, want order %v, critical path %d", s, tt.order, tt.critical)
			}
		})
	}
}

func TestPostProcess(t *testing.T) {
	g := &Graph{Tasks: tasks("a", "b"), Deps: []Dep{{0, 1}, {2, 0}, {1, 0}, {0, 7}}}
	g.PostProcess(rand.New(rand.NewPCG(1, 2)))
	if want := []Dep{{0, 1}, {1, 0}}; !reflect.DeepEqual(g.Deps, want) {
		t.Fatalf("Deps = %v, want %v", g.Deps, want)
	}
	g.PostProcess(rand.New(rand.NewPCG(3, 4)))
	if want := []Dep{{0, 1}, {1, 0}}; !reflect.DeepEqual(g.Deps, want) {
		t.Fatalf("second PostProcess changed Deps to %v", g.Deps)
	}
}

const wantPanic = "index out of range [-1]"

func TestPlantedBug(t *testing.T) {
	// The cycle search starts at task 0, which is gen itself.
	g := &Graph{Tasks: tasks("gen", "schema", "api"), Deps: []Dep{{0, 1}, {1, 2}, {2, 0}}}
	crashtest.MustPanic(t, wantPanic, func() { Check(g) })
}

// TestCrashInput replays a crash input the fuzzer found.
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/codegen-cycle", wantPanic)
}
