package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// enumConstants finds the package's named integer constants (iota ones
// too), keeps the first name of a value, and leaves out what needs an
// import or is not of a named integer type.
func TestEnumConstants(t *testing.T) {
	dir := t.TempDir()
	src := `package p

import "time"

type Op uint8

const (
	OpGet Op = iota + 1
	OpPut
	OpAlias = OpPut
)

type Level int

const Low, High Level = -1, 9

const Timeout = 3 * time.Second
const Plain = 5
const Name Op = 1 << 7
`
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := enumConstants(&target{ImportPath: "example.com/p", Dir: dir, Name: "p"})
	want := map[string]map[string]string{
		"example.com/p.Op":    {"1": "OpGet", "2": "OpPut", "128": "Name"},
		"example.com/p.Level": {"-1": "Low", "9": "High"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("enumConstants = %v, want %v", got, want)
	}
}
