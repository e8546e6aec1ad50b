package main

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
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
	w, linked, err := c.collectWords(tg)
	if err != nil {
		t.Fatal(err)
	}
	if !linked {
		t.Error("the sample links structfuzz's mutator, collectWords says not")
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
// mutator.AddDictionary with them, quoted as Go literals; a main that is
// not to embed them (no words, or a plain target that does not link the
// mutator) does not import the mutator at all.
func TestNativeMainEmbedsWords(t *testing.T) {
	tg := &target{ImportPath: "example.com/x", Func: "Fuzz"}
	dir := t.TempDir()
	path, err := generate(dir, "main.go", nativeMain, nativeData{target: tg, words: words{Texts: []string{"GET", "a\"b\n"}, Ints: []int64{-7, 8080}}, Embed: true})
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
	for _, d := range []nativeData{{target: tg}, {target: tg, words: words{Texts: []string{"GET"}}}} {
		path, err = generate(dir, "main.go", nativeMain, d)
		if err != nil {
			t.Fatal(err)
		}
		if src, _ := os.ReadFile(path); strings.Contains(string(src), "mutator") {
			t.Errorf("a main not to embed words mentions the mutator:\n%s", src)
		}
	}
}

// A plain target, a Fuzz of bytes in a module that does not require
// structfuzz, still builds: its words cannot be embedded (the mutator is
// not linked), and the generated main must not import it.
func TestPlainTargetBuildsWithoutTheMutator(t *testing.T) {
	setup(t)
	need(t, "clang with libFuzzer", haveLibFuzzer())
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":   "module example.com/plain\n\ngo 1.24\n",
		"plain.go": "package plain\n\n// Fuzz crashes on a magic word.\nfunc Fuzz(data []byte) int {\n\tif string(data) == \"magic-word\" {\n\t\tpanic(\"plain: magic\")\n\t}\n\treturn 0\n}\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "plain-fuzz")
	cmd := exec.Command(sfBin, "build", "-o", out, ".")
	cmd.Dir = dir
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("structfuzz build of a plain target failed: %v\n%s", err, msg)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}
