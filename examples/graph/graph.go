// Package graph plans a build: tasks with costs, and dependencies between
// them by index. Plan orders the tasks so every task runs after the tasks it
// depends on (Kahn's algorithm, cheapest ready task first), reports a
// dependency cycle with the tasks on it, and computes the critical path.
//
// One kind of cycle is tolerated: the code-generation loop, where a task
// needs generated code, the generator (a task named "gen") needs a schema,
// and the schema needs the first task again. Plan breaks such a cycle of
// exactly three tasks at the dependency on the generator and goes on.
//
// The planted bug is in that repair: it looks for the dependency into "gen"
// one place before gen on the cycle, and forgets to wrap around when the
// cycle as found starts at gen. It needs a real structure, not just valid
// indices: three tasks whose dependencies form a cycle of length exactly
// three, one of them named "gen", reached by the cycle search at gen first.
package graph

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
)

// Task is one step of a build.
type Task struct {
	Name string `fuzz:"maxlen=8"`
	Cost uint8
}

// Dep says that task From depends on task To: To must run first. Both are
// indexes into Graph.Tasks.
type Dep struct {
	From, To uint16
}

// Graph is the input of Plan: the tasks and their dependencies.
type Graph struct {
	Tasks []Task `fuzz:"maxlen=16"`
	Deps  []Dep  `fuzz:"maxlen=32"`
}

// PostProcess drops dependencies that point past the task list, as a loader
// of build files rejects references to unknown tasks.
func (g *Graph) PostProcess(r *rand.Rand) {
	n := len(g.Tasks)
	kept := g.Deps[:0]
	for _, d := range g.Deps {
		if int(d.From) < n && int(d.To) < n {
			kept = append(kept, d)
		}
	}
	g.Deps = kept
}

// CycleError reports a dependency cycle: Tasks[0] depends on Tasks[1], and so
// on, and the last depends on Tasks[0].
type CycleError struct {
	Tasks []string
}

func (e *CycleError) Error() string {
	return "dependency cycle: " + strings.Join(e.Tasks, " -> ") + " -> " + e.Tasks[0]
}

// Schedule is a plan: the order to run the tasks in, and the length of the
// critical path (the total cost of the most expensive chain of dependencies).
type Schedule struct {
	Order    []int
	Critical int
}

// Check runs the code under test on v; it is what the fuzz target calls.
func Check(v *Graph) { _, _ = Plan(v) }

// Plan orders the tasks of g.
func Plan(g *Graph) (*Schedule, error) {
	deps := append([]Dep(nil), g.Deps...)
	for {
		order, rest := topo(g, deps)
		if len(rest) == 0 {
			return &Schedule{Order: order, Critical: critical(g, deps, order)}, nil
		}
		cycle := findCycle(rest, deps)
		gen := -1
		for i, t := range cycle {
			if g.Tasks[t].Name == "gen" {
				gen = i
			}
		}
		if len(cycle) != 3 || gen < 0 {
			names := make([]string, len(cycle))
			for i, t := range cycle {
				names[i] = g.Tasks[t].Name
			}
			return nil, &CycleError{Tasks: names}
		}
		// The code-generation loop: drop the dependency on the generator,
		// that is the one from the task before it on the cycle.
		from, to := cycle[gen-1], cycle[gen]
		kept := deps[:0]
		for _, d := range deps {
			if int(d.From) != from || int(d.To) != to {
				kept = append(kept, d)
			}
		}
		deps = kept
	}
}

// topo runs Kahn's algorithm, the cheapest ready task first. It returns the
// order of the tasks it could place and the tasks it could not, which are on
// or behind a cycle.
func topo(g *Graph, deps []Dep) (order, rest []int) {
	n := len(g.Tasks)
	waiting := make([]int, n)      // dependencies not yet run
	dependents := make([][]int, n) // who waits for each task
	for _, d := range deps {
		waiting[d.From]++
		dependents[d.To] = append(dependents[d.To], int(d.From))
	}
	var ready []int
	for t := 0; t < n; t++ {
		if waiting[t] == 0 {
			ready = append(ready, t)
		}
	}
	for len(ready) > 0 {
		sort.Slice(ready, func(i, j int) bool {
			a, b := g.Tasks[ready[i]], g.Tasks[ready[j]]
			if a.Cost != b.Cost {
				return a.Cost < b.Cost
			}
			return ready[i] < ready[j]
		})
		t := ready[0]
		ready = ready[1:]
		order = append(order, t)
		for _, u := range dependents[t] {
			waiting[u]--
			if waiting[u] == 0 {
				ready = append(ready, u)
			}
		}
	}
	for t := 0; t < n; t++ {
		if waiting[t] > 0 {
			rest = append(rest, t)
		}
	}
	return order, rest
}

// findCycle finds a cycle among the tasks Kahn's algorithm could not place:
// every one of them waits for another of them, so following dependencies from
// the first one must come back to a task already seen.
func findCycle(rest []int, deps []Dep) []int {
	left := make(map[int]bool, len(rest))
	for _, t := range rest {
		left[t] = true
	}
	seen := map[int]int{} // task -> position on the walk
	var walk []int
	t := rest[0]
	for {
		if at, ok := seen[t]; ok {
			return walk[at:]
		}
		seen[t] = len(walk)
		walk = append(walk, t)
		for _, d := range deps {
			if int(d.From) == t && left[int(d.To)] {
				t = int(d.To)
				break
			}
		}
	}
}

// critical returns the cost of the most expensive chain of dependencies,
// given an order in which every task follows its dependencies.
func critical(g *Graph, deps []Dep, order []int) int {
	finish := make([]int, len(g.Tasks))
	needs := make([][]int, len(g.Tasks))
	for _, d := range deps {
		needs[d.From] = append(needs[d.From], int(d.To))
	}
	best := 0
	for _, t := range order {
		start := 0
		for _, u := range needs[t] {
			start = max(start, finish[u])
		}
		finish[t] = start + int(g.Tasks[t].Cost)
		best = max(best, finish[t])
	}
	return best
}

// String prints a schedule as the task indexes in order and the critical path.
func (s *Schedule) String() string {
	return fmt.Sprintf("order %v, critical path %d", s.Order, s.Critical)
}
