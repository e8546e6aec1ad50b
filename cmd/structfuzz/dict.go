package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/structfuzz/structfuzz/internal/dictfile"
)

// The typed dictionary: the string, character and integer literals of the
// target's module (its packages, tests aside) and of the packages the
// target package imports from other modules (the library under test,
// typically), collected with go/parser. A native build embeds them
// (mutator.AddDictionary), and run hands libFuzzer the texts as a -dict
// file, so byte-level mutation uses them too.

// Limits of the dictionary: the words used most often in the source are
// kept first.
const (
	dictMaxTexts   = 2000
	dictMaxInts    = 1000
	dictMaxTextLen = 64
)

// words are what collectWords found.
type words struct {
	Texts []string
	Ints  []int64
}

// mutatorPkg is the package the words are handed to.
const mutatorPkg = "github.com/structfuzz/structfuzz/mutator"

// collectWords returns the words of t's module and of the non-standard
// packages t imports, structfuzz's own aside, and whether t links the
// mutator (a plain target of bytes does not, and cannot take them).
func (c *common) collectWords(t *target) (words, bool, error) {
	out, err := c.output(c.goList(t.ModuleDir, "{{join .Imports \" \"}}\n{{join .Deps \" \"}}", t.ImportPath))
	if err != nil {
		return words{}, false, fmt.Errorf("listing the imports of %s: %v", t.ImportPath, err)
	}
	imports, deps, _ := strings.Cut(string(out), "\n")
	linked := slices.Contains(strings.Fields(deps), mutatorPkg)
	pats := append([]string{"./..."}, strings.Fields(imports)...)
	out, err = c.output(c.goList(t.ModuleDir, "{{if not .Standard}}{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \"\\t\"}}{{end}}", pats...))
	if err != nil {
		return words{}, false, fmt.Errorf("listing the packages of %s's module: %v", t.ImportPath, err)
	}
	texts, ints := map[string]int{}, map[int64]int{}
	fset := token.NewFileSet()
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || slices.Contains(structfuzzPkgs, f[0]) {
			continue
		}
		for _, name := range f[2:] {
			file, err := parser.ParseFile(fset, filepath.Join(f[1], name), nil, parser.SkipObjectResolution)
			if err != nil {
				continue // the build reports what does not compile
			}
			literals(file, texts, ints)
		}
	}
	return words{Texts: mostUsed(texts, dictMaxTexts), Ints: mostUsed(ints, dictMaxInts)}, linked, nil
}

// goList is `go list -f format -- patterns...` in dir.
func (c *common) goList(dir, format string, patterns ...string) *exec.Cmd {
	args := []string{"list", "-e", "-f", format}
	if c.tags != "" {
		args = append(args, "-tags", c.tags)
	}
	cmd := exec.Command("go", append(append(args, "--"), patterns...)...)
	cmd.Dir = dir
	return cmd
}

// literals counts the literals of file: strings (unquoted, at most
// dictMaxTextLen bytes, not empty), characters (as one-character texts
// and as integers) and integers that fit in 64 bits.
func literals(file *ast.File, texts map[string]int, ints map[int64]int) {
	ast.Inspect(file, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok {
			return true
		}
		switch lit.Kind {
		case token.STRING:
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" && len(s) <= dictMaxTextLen {
				texts[s]++
			}
		case token.CHAR:
			if r, _, _, err := strconv.UnquoteChar(lit.Value[1:len(lit.Value)-1], '\''); err == nil {
				texts[string(r)]++
				ints[int64(r)]++
			}
		case token.INT:
			if x, err := strconv.ParseInt(lit.Value, 0, 64); err == nil {
				ints[x]++
			} else if u, err := strconv.ParseUint(lit.Value, 0, 64); err == nil {
				ints[int64(u)]++
			}
		}
		return false
	})
}

// mostUsed returns the keys of counts, the most used first (ties in
// their natural order), at most n of them.
func mostUsed[K int64 | string](counts map[K]int, n int) []K {
	keys := make([]K, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	return keys[:min(n, len(keys))]
}

// writeDict writes the texts of w as a libFuzzer dictionary file.
func writeDict(path string, w words) error {
	return os.WriteFile(path, dictfile.Format(w.Texts), 0o644)
}
