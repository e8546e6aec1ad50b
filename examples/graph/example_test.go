package graph_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/graph"
)

func ExamplePlan() {
	g := &graph.Graph{
		Tasks: []graph.Task{{Name: "fetch", Cost: 3}, {Name: "compile", Cost: 10}, {Name: "lint", Cost: 2}, {Name: "link", Cost: 4}},
		Deps:  []graph.Dep{{From: 1, To: 0}, {From: 2, To: 0}, {From: 3, To: 1}},
	}
	s, err := graph.Plan(g)
	fmt.Println(s, err)
	g.Deps = append(g.Deps, graph.Dep{From: 0, To: 3})
	_, err = graph.Plan(g)
	fmt.Println(err)
	// Output:
	// order [0 2 1 3], critical path 17 <nil>
	// dependency cycle: fetch -> link -> compile -> fetch
}
