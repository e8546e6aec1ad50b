package crossover_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/crossover"
)

type Config struct {
	Name    string
	Retries uint8
	Hosts   []string
}

// Donors are chosen by type: any string of the second parent can replace
// any string of the first.
func ExampleCross() {
	a := Config{Name: "alpha", Retries: 1, Hosts: []string{"a1", "a2"}}
	b := Config{Name: "beta", Retries: 9, Hosts: []string{"b1"}}
	for seed := uint64(1); seed <= 3; seed++ {
		child := Config{Name: a.Name, Retries: a.Retries, Hosts: append([]string(nil), a.Hosts...)}
		if err := crossover.Cross(&child, &b, seed, 256); err != nil {
			panic(err)
		}
		fmt.Printf("%+v\n", child)
	}
	// Output:
	// {Name:b1 Retries:1 Hosts:[a1 a2]}
	// {Name:beta Retries:1 Hosts:[a1 a2]}
	// {Name:b1 Retries:1 Hosts:[a1 a2]}
}
