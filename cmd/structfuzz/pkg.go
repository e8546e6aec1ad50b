package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
)

// target is a package holding a fuzz function, as `go list` sees it.
type target struct {
	ImportPath string
	Dir        string
	Name       string
	ModuleDir  string
	ModulePath string
	Func       string
}

// common flags of every command.
type common struct {
	fn   string
	tags string
	v    bool
	// fnSet says -func was given; requireFunc says the command builds the
	// fuzz function (build, run), where the others only need the target.
	fnSet, requireFunc bool
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.fn, "func", "Fuzz", "the fuzz function: func(data []byte) int")
	fs.StringVar(&c.tags, "tags", "", "comma-separated build tags")
	fs.BoolVar(&c.v, "v", false, "print the commands run")
}

// load resolves a package pattern to one package.
func (c *common) load(pattern string) (*target, error) {
	if !token.IsIdentifier(c.fn) || !token.IsExported(c.fn) {
		return nil, fmt.Errorf("-func %q: want the name of an exported function", c.fn)
	}
	args := []string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{.Name}}\t{{with .Module}}{{.Dir}}\t{{.Path}}{{end}}"}
	if c.tags != "" {
		args = append(args, "-tags", c.tags)
	}
	out, err := c.output(exec.Command("go", append(args, "--", pattern)...))
	if err != nil {
		return nil, fmt.Errorf("cannot load package %s: %v", pattern, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 {
		return nil, fmt.Errorf("%s matches %d packages; name one", pattern, len(lines))
	}
	f := strings.Split(lines[0], "\t")
	if len(f) != 5 || f[3] == "" {
		return nil, fmt.Errorf("package %s is not in a module (structfuzz needs go.mod)", pattern)
	}
	if f[2] == "main" {
		return nil, fmt.Errorf("package %s is a main package; put the fuzz function in a library package", f[0])
	}
	return &target{ImportPath: f[0], Dir: f[1], Name: f[2], ModuleDir: f[3], ModulePath: f[4], Func: c.fn}, nil
}

// output runs cmd and returns its standard output; on failure the error
// carries what the command printed.
func (c *common) output(cmd *exec.Cmd) ([]byte, error) {
	if c.v {
		fmt.Fprintln(os.Stderr, "+", strings.Join(cmd.Args, " "))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = strings.TrimSpace(string(out))
		}
		if msg == "" {
			return out, err
		}
		return out, fmt.Errorf("%s", msg)
	}
	return out, nil
}

// workDir returns a fresh folder for generated files under the module's
// .structfuzz folder (generated mains must sit inside the module to import
// its packages), and a function that removes it.
func (t *target) workDir(kind string) (string, func(), error) {
	base := filepath.Join(t.ModuleDir, ".structfuzz")
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp(base, kind+"-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// key names cached artifacts of this target and build configuration.
func (t *target) key(parts ...string) string {
	h := sha256.New()
	fmt.Fprintln(h, t.ImportPath, t.Func, strings.Join(parts, " "))
	return t.Name + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// generate writes a Go file from a template into dir.
func generate(dir, name string, tmpl *template.Template, data any) (string, error) {
	var b bytes.Buffer
	if err := tmpl.Execute(&b, data); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, b.Bytes(), 0o644)
}

// parseLoad is the start of every command that works on a package: it
// parses args with fs, checks the number of positional arguments with
// ok, which the message need explains, loads the package named by the
// first, and returns it with the rest made absolute (the helper program
// runs in another folder).
func (c *common) parseLoad(fs *flag.FlagSet, args []string, ok func(n int) bool, need string) (*target, []string, error) {
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	if !ok(fs.NArg()) {
		return nil, nil, fmt.Errorf("%s\n%s", need, usage)
	}
	fs.Visit(func(f *flag.Flag) { c.fnSet = c.fnSet || f.Name == "func" })
	t, err := c.load(fs.Arg(0))
	if err != nil {
		return nil, nil, err
	}
	if err := c.checkFunc(t); err != nil {
		return nil, nil, err
	}
	rest := make([]string, 0, fs.NArg()-1)
	for _, a := range fs.Args()[1:] {
		abs, err := filepath.Abs(a)
		if err != nil {
			return nil, nil, err
		}
		rest = append(rest, abs)
	}
	return t, rest, nil
}

// checkFunc checks that the package has the fuzz function, and says
// plainly what is wrong when it has not (the compiler would name a line
// of a generated file). A command that needs only the registered target
// goes on without one when -func was not given: t.Func is then "".
func (c *common) checkFunc(t *target) error {
	ff, err := findFuzzFunc(t)
	if err != nil {
		return err
	}
	p := ff.problem(t)
	switch {
	case p == "":
		return nil
	case c.requireFunc || c.fnSet:
		return fmt.Errorf("%s", p)
	}
	t.Func = ""
	return nil
}

// String names the target for messages: the package and its fuzz
// function.
func (t *target) String() string {
	if t.Func == "" {
		return t.ImportPath
	}
	return t.ImportPath + "." + t.Func
}

// srcFile is one parsed Go file of a target's package.
type srcFile struct {
	name string // the file's name in the package folder
	test bool   // a _test.go file
	f    *ast.File
}

// parseFiles parses the Go files of t's package (tests included, the
// external test package not: it cannot reach unexported names). It returns
// the files that parse and the first error of one that does not; go build
// reports such a file anyway, so most callers go on without it.
func parseFiles(t *target) (*token.FileSet, []srcFile, error) {
	entries, err := os.ReadDir(t.Dir)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	var files []srcFile
	var first error
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(t.Dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			first = cmp.Or(first, err)
			continue
		}
		if f.Name.Name == t.Name {
			files = append(files, srcFile{e.Name(), strings.HasSuffix(e.Name(), "_test.go"), f})
		}
	}
	return fset, files, first
}

// one, atLeast and between say how many positional arguments a command
// takes, for parseLoad.
func one(n int) bool { return n == 1 }

func atLeast(m int) func(int) bool { return func(n int) bool { return n >= m } }

func between(lo, hi int) func(int) bool { return func(n int) bool { return n >= lo && n <= hi } }
