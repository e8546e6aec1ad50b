package mutator_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/mutator"
)

// Version is a semantic version: its own Mutate method moves it as people
// do, a step up or down in one part, rather than to any three numbers.
type Version struct {
	Major, Minor, Patch uint8
}

// Mutate is Version's mutation hook: the mutator calls it instead of its
// built-in mutation of the struct, and hands it its randomness.
func (v *Version) Mutate(m *mutator.Mutator) {
	parts := []*uint8{&v.Major, &v.Minor, &v.Patch}
	p := parts[m.Rand().IntN(3)]
	if m.Rand().IntN(2) == 0 && *p > 0 {
		*p--
	} else {
		*p++
	}
}

// A Mutate method replaces the built-in mutation of its type.
func Example_mutateHook() {
	type Dependency struct {
		Name    string `fuzz:"oneof=net|text|crypto"`
		Version Version
	}
	d := Dependency{Name: "net", Version: Version{1, 2, 3}}
	m := mutator.New(3)
	for range 5 {
		if err := m.Mutate(&d, 64); err != nil {
			panic(err)
		}
		fmt.Printf("%s %d.%d.%d\n", d.Name, d.Version.Major, d.Version.Minor, d.Version.Patch)
	}
	// Output:
	// net 0.2.3
	// net 0.3.3
	// net 0.3.4
	// text 0.3.4
	// text 0.2.4
}
