package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// Regression: internal/hookfault and internal/schema were added to the
// library without being added to structfuzzPkgs, so the native build
// instrumented them and counted their branches as the target's coverage.
// Every structfuzz package a fuzz binary links must be in the list.
func TestStructfuzzPkgsListsEveryLinkedPackage(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/structfuzz/structfuzz/mutator/libfuzzer").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/structfuzz/structfuzz/") && !slices.Contains(structfuzzPkgs, p) {
			t.Errorf("%s is linked into every fuzz binary but missing from structfuzzPkgs", p)
		}
	}
}
