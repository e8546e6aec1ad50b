package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const (
	libfuzzerPath = "github.com/structfuzz/structfuzz/mutator/libfuzzer"
	harnessPath   = "github.com/structfuzz/structfuzz/harness"
)

// testCmd is `structfuzz test`: a regression test from each crash file,
// the crashing value written as a Go literal, that calls the target.
func testCmd(args []string) error {
	var c common
	var targetVar string
	var force bool
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c.register(fs)
	fs.StringVar(&targetVar, "target", "", "the package-level variable holding the target (default: the one libfuzzer.Target or harness.New makes, or of several the one the fuzz function uses)")
	fs.BoolVar(&force, "f", false, "overwrite test files written before")
	t, files, err := c.parseLoad(fs, args, atLeast(2), "test needs a package and crash files")
	if err != nil {
		return err
	}
	call, err := findTarget(t, targetVar)
	if err != nil {
		return err
	}
	// The package's enum constants, so that values are written by name.
	consts, err := json.Marshal(enumConstants(t))
	if err != nil {
		return err
	}
	out, err := c.helperOutput(t, consts, append([]string{"golit", t.ImportPath}, files...)...)
	if err != nil {
		return err
	}
	var lits []literal
	if err := json.Unmarshal(out, &lits); err != nil {
		return fmt.Errorf("reading the helper's answer: %v", err)
	}
	var written, names []string
	var failed error
	for _, l := range lits {
		path, name, err := writeTest(t, call, l, force)
		if err != nil {
			failed = errors.Join(failed, fmt.Errorf("%s: %v", l.File, err))
			continue
		}
		written, names = append(written, path), append(names, name)
	}
	if len(written) > 0 {
		// The tests must compile: a literal structfuzz cannot write
		// correctly is its bug, and no file of it stays behind.
		vet := exec.Command("go", "vet", ".")
		if c.tags != "" {
			vet.Args = append(vet.Args, "-tags", c.tags)
		}
		vet.Dir = t.Dir
		if _, err := c.output(vet); err != nil {
			for _, p := range written {
				os.Remove(p)
			}
			return errors.Join(failed, fmt.Errorf("the tests written do not compile (a structfuzz bug; please report it), so they were removed: %v", err))
		}
	}
	for i, p := range written {
		rel, _ := filepath.Rel(t.Dir, p)
		fmt.Fprintf(os.Stderr, "structfuzz: wrote %s; run it with: go test -run '^%s$' %s\n", rel, names[i], t.ImportPath)
	}
	return failed
}

// literal is the helper's answer for one file (harness's golit command).
type literal struct {
	File    string
	Expr    string
	Imports []struct{ Name, Path string }
	Lenient bool
	JSON    json.RawMessage
	Err     string `json:"error"`
}

// writeTest writes the regression test of one crash file into t's folder
// and returns its path and the test's name.
func writeTest(t *target, call string, l literal, force bool) (string, string, error) {
	if l.Err != "" {
		return "", "", errors.New(l.Err)
	}
	data, err := os.ReadFile(l.File)
	if err != nil {
		return "", "", err
	}
	sum := sha1.Sum(data)
	id := hex.EncodeToString(sum[:])[:8]
	name := "TestCrash" + id
	path := filepath.Join(t.Dir, "crash_"+id+"_test.go")
	if _, err := os.Stat(path); err == nil && !force {
		return "", "", fmt.Errorf("%s exists (written for this crash before?); -f overwrites it", filepath.Base(path))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"testing\"\n", t.Name)
	for _, im := range l.Imports {
		fmt.Fprintf(&b, "\t%s %s\n", im.Name, strconv.Quote(im.Path))
	}
	from := filepath.Base(l.File)
	if full := hex.EncodeToString(sum[:]); !strings.Contains(from, full) {
		from += " (sha1 " + full + ")"
	}
	fmt.Fprintf(&b, ")\n\n// %s is a regression test that structfuzz test wrote from\n// %s:\n", name, from)
	fmt.Fprintf(&b, "// the input that crashed the fuzz target of %s\n// (the variable %s), as a Go value. It fails while the bug is there.\n// It is yours to edit.\n", t.ImportPath, strings.SplitN(call, ".", 2)[0])
	if l.Lenient {
		b.WriteString("//\n// The file is not a canonical encoding (a crash of a raw-mode run,\n// STRUCTFUZZ_RAW=1?): the value is what its lenient decoding gave the target.\n")
	}
	fmt.Fprintf(&b, "func %s(t *testing.T) {\n\t%s(%s)\n}\n", name, call, l.Expr)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return "", "", fmt.Errorf("the test written does not parse (a structfuzz bug; please report it): %v\n%s", err, b.Bytes())
	}
	return path, name, os.WriteFile(path, src, 0o644)
}

// findTarget finds the package-level variable holding t's target among
// the package's files (tests included) and returns the call that runs the
// target on a value: NAME.Harness().Call for a libfuzzer.Target,
// NAME.Call for a harness.New. named is the -target flag.
func findTarget(t *target, named string) (string, error) {
	_, files, err := parseFiles(t)
	if err != nil {
		return "", err
	}
	calls := map[string]string{} // variable -> call
	var order []string
	var fuzzFunc *ast.FuncDecl
	for _, sf := range files {
		f := sf.f
		imports := map[string]string{} // local name -> path
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			local := path[strings.LastIndex(path, "/")+1:]
			if im.Name != nil {
				local = im.Name.Name
			}
			imports[local] = path
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == t.Func {
				fuzzFunc = fd
			}
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					if i < len(vs.Names) {
						if call := targetCall(v, imports); call != "" {
							n := vs.Names[i].Name
							calls[n] = n + call
							order = append(order, n)
						}
					}
				}
			}
		}
	}
	slices.Sort(order)
	switch {
	case named != "":
		if c, ok := calls[named]; ok {
			return c, nil
		}
		return "", fmt.Errorf("-target %s: %s has no package-level variable %s made by libfuzzer.Target, TargetWith or harness.New (found: %s)", named, t.ImportPath, named, orNone(order))
	case len(order) == 1:
		return calls[order[0]], nil
	case len(order) == 0:
		return "", fmt.Errorf("%s has no package-level variable made by libfuzzer.Target, TargetWith or harness.New (var target = libfuzzer.Target(...)); name the variable with -target", t.ImportPath)
	}
	if fuzzFunc != nil {
		var used []string
		ast.Inspect(fuzzFunc, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && calls[id.Name] != "" && !slices.Contains(used, id.Name) {
				used = append(used, id.Name)
			}
			return true
		})
		if len(used) == 1 {
			return calls[used[0]], nil
		}
	}
	return "", fmt.Errorf("%s has several targets (%s), and %s does not use exactly one of them: name it with -target", t.ImportPath, strings.Join(order, ", "), t.Func)
}

// targetCall returns what follows the variable's name in a call of the
// target on a value when e makes a target (libfuzzer.Target, TargetWith,
// harness.New, instantiated or not), else "".
func targetCall(e ast.Expr, imports map[string]string) string {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return ""
	}
	fun := call.Fun
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	switch path := imports[pkg.Name]; {
	case path == libfuzzerPath && (sel.Sel.Name == "Target" || sel.Sel.Name == "TargetWith"):
		return ".Harness().Call"
	case path == harnessPath && sel.Sel.Name == "New":
		return ".Call"
	}
	return ""
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
