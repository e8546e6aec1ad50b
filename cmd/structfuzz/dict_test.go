package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// collectWords finds the literals of the sample's module, and none of
// structfuzz's own packages, which the sample imports.
func TestCollectWords(t *testing.T) {
	dir, err := filepath.Abs("testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	var c common
	c.fn = "Fuzz"
	t.Chdir(dir)
	tg, err := c.load(".")
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.collectWords(tg)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"xyzzy-plugh", "safe", "dict"} {
		if !slices.Contains(w.Texts, s) {
			t.Errorf("text %q missing from %q", s, w.Texts)
		}
	}
	for _, x := range []int64{8, 3} {
		if !slices.Contains(w.Ints, x) {
			t.Errorf("integer %d missing from %v", x, w.Ints)
		}
	}
	if slices.Contains(w.Texts, "STRUCTFUZZ_RAW") {
		t.Error("a literal of structfuzz's own libfuzzer package was collected")
	}
}

func TestMostUsedAndDictFile(t *testing.T) {
	got := mostUsed(map[string]int{"b": 2, "a": 2, "c": 5, "d": 1}, 3)
	if !slices.Equal(got, []string{"c", "a", "b"}) {
		t.Fatalf("mostUsed = %q", got)
	}
	path := filepath.Join(t.TempDir(), "w.dict")
	if err := writeDict(path, words{Texts: []string{`say "hi"\`, "\x00\xff"}}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if want := "\"say \\\"hi\\\"\\\\\"\n\"\\x00\\xFF\"\n"; string(b) != want {
		t.Fatalf("dictionary file %q, want %q", b, want)
	}
}

// A native build's main embeds the words: the generated source calls
// mutator.AddDictionary with them, quoted as Go literals; without words
// it does not import the mutator at all.
func TestNativeMainEmbedsWords(t *testing.T) {
	tg := &target{ImportPath: "example.com/x", Func: "Fuzz"}
	dir := t.TempDir()
	path, err := generate(dir, "main.go", nativeMain, nativeData{target: tg, words: words{Texts: []string{"GET", "a\"b\n"}, Ints: []int64{-7, 8080}}})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile(path)
	for _, want := range []string{`"github.com/structfuzz/structfuzz/mutator"`, "mutator.AddDictionary(", `"GET",`, `"a\"b\n",`, "-7,", "8080,"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated main lacks %s:\n%s", want, src)
		}
	}
	if _, err := parser.ParseFile(token.NewFileSet(), path, src, 0); err != nil {
		t.Fatalf("generated main does not parse: %v\n%s", err, src)
	}
	path, err = generate(dir, "main.go", nativeMain, nativeData{target: tg})
	if err != nil {
		t.Fatal(err)
	}
	if src, _ := os.ReadFile(path); strings.Contains(string(src), "mutator") {
		t.Errorf("a main without words mentions the mutator:\n%s", src)
	}
}
