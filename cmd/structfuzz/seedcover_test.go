package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// structfuzz seed writes corpus files from JSON values (several in one
// file), and says what is missing for texts when the target has no parse
// function.
func TestSeedCommand(t *testing.T) {
	mod := ownSample(t)
	js := filepath.Join(t.TempDir(), "seeds.json")
	os.WriteFile(js, []byte(`{"Op": 8, "Name": "a"} {"Op": 2, "Args": [1, 2]}`), 0o644)
	_, stderr, code := structfuzzIn(t, mod, nil, "seed", ".", js)
	corpus := filepath.Join(mod, "testdata", "structfuzz", "corpus")
	if code != 0 || !strings.Contains(stderr, "wrote 2 new corpus files into "+corpus) {
		t.Fatalf("seed: exit %d, %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(corpus, "[0-9a-f]*"))
	if _, err := os.Stat(filepath.Join(corpus, ".structfuzz", "schema.json")); len(files) != 2 || err != nil {
		t.Fatalf("the corpus holds %v, and its schema: %v", files, err)
	}
	if out, stderr, code := structfuzzIn(t, mod, nil, "print", ".", corpus); code != 0 || !strings.Contains(out, `"Name": "a"`) {
		t.Fatalf("print of the seeds: exit %d, %s%s", code, out, stderr)
	}
	if _, stderr, code := structfuzzIn(t, mod, nil, "seed", "-text", ".", js); code == 0 || !strings.Contains(stderr, "SetParse") {
		t.Fatalf("seed -text with no parse function: exit %d, %s", code, stderr)
	}
}

// structfuzz cover reports what the corpus reaches: the report names the
// package's file, and an input that goes deeper (the planted crash, whose
// panic is recovered) raises the share.
func TestCoverCommand(t *testing.T) {
	mod := ownSample(t)
	share := func(seeds string) float64 {
		t.Helper()
		dir := t.TempDir()
		js := filepath.Join(t.TempDir(), "seeds.json")
		os.WriteFile(js, []byte(seeds), 0o644)
		if _, stderr, code := structfuzzIn(t, mod, nil, "seed", "-o", dir, ".", js); code != 0 {
			t.Fatalf("seed: %s", stderr)
		}
		html := filepath.Join(t.TempDir(), "cover.html")
		_, stderr, code := structfuzzIn(t, mod, nil, "cover", "-o", html, ".", dir)
		m := regexp.MustCompile(`they reach ([0-9.]+)% of the statements of example.com/sample/\.\.\.`).FindStringSubmatch(stderr)
		if code != 0 || m == nil {
			t.Fatalf("cover: exit %d, %s", code, stderr)
		}
		if page, err := os.ReadFile(html); err != nil || !strings.Contains(string(page), "example.com/sample/sample.go") || strings.Contains(string(page), "main.go") {
			t.Fatalf("the report does not show sample.go alone (%v)", err)
		}
		f, _ := strconv.ParseFloat(m[1], 64)
		return f
	}
	shallow := share(`{"Op": 1}`)
	deep := share(`{"Op": 1} {"Op": 8, "Args": [1, -1, 2], "Reply": {"Version": 3}}`)
	if shallow <= 0 || deep <= shallow {
		t.Fatalf("coverage %v%% with one shallow input, %v%% with the crash too: want it to grow", shallow, deep)
	}
	if _, stderr, code := structfuzzIn(t, mod, nil, "cover", "."); code == 0 || !strings.Contains(stderr, "no corpus yet") {
		t.Fatalf("cover with no corpus: exit %d, %s", code, stderr)
	}
}
