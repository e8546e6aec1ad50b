package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
)

// structfuzzPkgs are structfuzz's own packages. They are left out of
// coverage instrumentation: the mutator's branches are not the target's.
var structfuzzPkgs = []string{
	"github.com/structfuzz/structfuzz/codec",
	"github.com/structfuzz/structfuzz/crossover",
	"github.com/structfuzz/structfuzz/harness",
	"github.com/structfuzz/structfuzz/hook",
	"github.com/structfuzz/structfuzz/internal/dictfile",
	"github.com/structfuzz/structfuzz/internal/golit",
	"github.com/structfuzz/structfuzz/internal/hookfault",
	"github.com/structfuzz/structfuzz/internal/hookpath",
	"github.com/structfuzz/structfuzz/internal/hooktime",
	"github.com/structfuzz/structfuzz/internal/mapord",
	"github.com/structfuzz/structfuzz/internal/native",
	"github.com/structfuzz/structfuzz/internal/plan",
	"github.com/structfuzz/structfuzz/internal/schema",
	"github.com/structfuzz/structfuzz/internal/undo",
	"github.com/structfuzz/structfuzz/internal/walk",
	"github.com/structfuzz/structfuzz/mutator",
	"github.com/structfuzz/structfuzz/mutator/libfuzzer",
	"github.com/structfuzz/structfuzz/postprocess",
}

type buildFlags struct {
	common
	out     string
	archive string
	mode    string
	// uninstrumented are the package patterns of -uninstrumented, in
	// the order given; uninstrumentedSet says the flag was given, so
	// defaultUninstrumented no longer applies.
	uninstrumented    []string
	uninstrumentedSet bool
	// dict embeds the literals of the target's source in a native build
	// (see dict.go); collected holds them once a build collected them.
	dict      bool
	collected words
}

// defaultUninstrumented is what native mode leaves out of instrumentation
// when -uninstrumented is not given: the whole standard library. Measured
// on the examples (benchmarks/results/instrumentation.md), the std
// packages a target calls (compress/flate, net/http, encoding/json,
// strings) cost 1.7 to 16 times the CPU per execution when traced, and
// leaving them out found the planted bugs in less time, never fewer of
// them. The target's own comparisons stay traced, including those of std
// functions inlined into it.
var defaultUninstrumented = []string{"std"}

func (b *buildFlags) register(fs *flag.FlagSet) {
	b.common.register(fs)
	fs.StringVar(&b.mode, "mode", "native", "native (the Go toolchain's libFuzzer instrumentation) or go-fuzz (go-fuzz-build -libfuzzer)")
	fs.BoolVar(&b.dict, "dict", true, "native mode: give the mutator the string, character and integer literals of the target's module and of the packages it imports as a dictionary (run also passes the strings to libFuzzer's -dict)")
	fs.Func("uninstrumented", "comma-separated packages to leave out of coverage and comparison instrumentation: import paths, path/... patterns, or std for the whole standard library; none to instrument the standard library too; repeatable (native mode default: std)", func(v string) error {
		pats, err := parseUninstrumented(v)
		if err != nil {
			return err
		}
		b.uninstrumentedSet = true
		b.uninstrumented = append(b.uninstrumented, pats...)
		return nil
	})
}

// extraUninstrumented are the package patterns this build leaves out of
// instrumentation besides uninstrumentedStd and structfuzzPkgs: those of
// -uninstrumented, or by default in native mode defaultUninstrumented.
func (b *buildFlags) extraUninstrumented() []string {
	if !b.uninstrumentedSet && b.mode == "native" {
		return defaultUninstrumented
	}
	return b.uninstrumented
}

// parseUninstrumented splits the value of -uninstrumented into package
// patterns and rejects what go build's -gcflags=PATTERN=... would not
// read as a package pattern of the target's module graph.
func parseUninstrumented(v string) ([]string, error) {
	if strings.TrimSpace(v) == "" {
		return nil, fmt.Errorf("empty list: want comma-separated import paths, path/... patterns or std, such as -uninstrumented std,example.com/app/render/..., or none")
	}
	if v == "none" {
		return nil, nil
	}
	var pats []string
	for _, p := range strings.Split(v, ",") {
		if err := checkPattern(p); err != nil {
			return nil, fmt.Errorf("%q: %v", p, err)
		}
		pats = append(pats, p)
	}
	return pats, nil
}

// checkPattern reports why p is not a package pattern -uninstrumented
// accepts: std, or an import path whose elements may be or end in "...".
func checkPattern(p string) error {
	switch {
	case p == "none":
		return fmt.Errorf("none stands alone: it instruments everything but structfuzz and the few std packages it always leaves out")
	case p == "":
		return fmt.Errorf("empty package pattern (a doubled or trailing comma?)")
	case p == "all":
		return fmt.Errorf("all would leave the target itself uninstrumented, and libFuzzer blind; name the packages, or std")
	case p == "cmd":
		return fmt.Errorf("cmd is the Go toolchain's own commands, never linked into a fuzz binary")
	case strings.HasPrefix(p, "."):
		return fmt.Errorf("relative patterns are not supported (go build runs in the module's root); use the import path")
	case strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") || strings.Contains(p, "//"):
		return fmt.Errorf("want an import path such as example.com/app/render or example.com/app/render/...")
	}
	for _, r := range p {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-._~+/", r)
		if !ok {
			return fmt.Errorf("%q cannot appear in an import path", r)
		}
	}
	return nil
}

// hasPattern reports whether one of pats is a pattern, not a plain
// import path.
func hasPattern(pats []string) bool {
	for _, p := range pats {
		if p == "std" || strings.Contains(p, "...") {
			return true
		}
	}
	return false
}

func buildCmd(args []string) error {
	var b buildFlags
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	b.register(fs)
	fs.StringVar(&b.out, "o", "", "output binary (default: .structfuzz/bin/PKGNAME-fuzz in the module's root)")
	fs.StringVar(&b.archive, "archive", "", "write the instrumented archive here and do not link (for OSS-Fuzz: link it with $CXX $CXXFLAGS $LIB_FUZZING_ENGINE)")
	b.requireFunc = true
	t, _, err := b.parseLoad(fs, args, one, "build needs one package")
	if err != nil {
		return err
	}
	if b.archive != "" {
		if b.out != "" {
			return fmt.Errorf("-archive and -o: choose one")
		}
		archive, err := filepath.Abs(b.archive)
		if err == nil {
			err = b.compile(t, archive)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "structfuzz: built the archive %s (%s mode) for %s; link it with clang -fsanitize=fuzzer\n", b.archive, b.mode, t)
		return nil
	}
	out := b.out
	if out == "" {
		// With the rest of structfuzz's outputs, in the one folder to
		// ignore (.structfuzz/).
		dir := filepath.Join(t.ModuleDir, ".structfuzz", "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		out = filepath.Join(dir, t.Name+"-fuzz")
	}
	if err := b.build(t, out); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "structfuzz: built %s (%s mode) for %s\n", out, b.mode, t)
	return nil
}

// build makes the libFuzzer binary out for t.
func (b *buildFlags) build(t *target, out string) error {
	clang, err := findClang()
	if err != nil {
		return err
	}
	out, err = filepath.Abs(out)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "structfuzz-build")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	archive := filepath.Join(tmp, "fuzz.a")
	if err := b.compile(t, archive); err != nil {
		return err
	}
	link := exec.Command(clang, "-fsanitize=fuzzer", archive, "-o", out)
	if _, err := b.output(link); err != nil {
		return linkError(clang, err)
	}
	return nil
}

// compile writes the instrumented archive of t's fuzz function, once the
// input type passed the type check.
func (b *buildFlags) compile(t *target, archive string) error {
	if err := b.checkType(t); err != nil {
		return err
	}
	switch b.mode {
	case "native":
		dir, cleanup, err := t.workDir("build")
		if err != nil {
			return err
		}
		defer cleanup()
		return b.native(t, dir, archive)
	case "go-fuzz":
		return b.goFuzz(t, archive)
	}
	return fmt.Errorf("-mode %q: want native or go-fuzz", b.mode)
}

// The generated main of a native build: libFuzzer's entry point calling
// the package's fuzz function.
var nativeMain = template.Must(template.New("main").Parse(`// Code generated by structfuzz build; DO NOT EDIT.

package main

import (
	"unsafe"
{{if .Embed}}
	"github.com/structfuzz/structfuzz/mutator"
{{end}}
	target {{printf "%q" .ImportPath}}
)

// #include <stddef.h>
import "C"

//export LLVMFuzzerTestOneInput
func LLVMFuzzerTestOneInput(data *C.char, size C.size_t) C.int {
	return C.int(target.{{.Func}}(C.GoBytes(unsafe.Pointer(data), C.int(size))))
}
{{if .Embed}}
// The literals of the target's source (see structfuzz build -dict).
func init() {
	mutator.AddDictionary([]string{ {{- range .Texts}}
		{{printf "%q" .}},{{end}}
	}, []int64{ {{- range .Ints}}
		{{.}},{{end}}
	})
}
{{end}}
func main() {}
`))

// nativeData is what nativeMain is made from. Embed says the target links
// structfuzz's mutator, which the words are handed to; a plain target
// (a Fuzz of bytes with no structfuzz in it) gets none.
type nativeData struct {
	*target
	words
	Embed bool
}

// uninstrumentedStd are standard packages left out of instrumentation:
// syscall breaks under it, and the rest is the machinery of reflection,
// locking and random numbers that the mutator runs through on every
// mutation. Instrumented, they cut the custom mutator's speed by a factor
// of five to six (measured on the sample target: about 7k against 42k
// executions a second), and their coverage is not the target's logic.
var uninstrumentedStd = []string{"syscall", "reflect", "internal/reflectlite", "internal/abi", "sync", "sync/atomic", "internal/sync", "math/rand/v2"}

// nativeFlags are the go build flags of the native mode, the ones
// OSS-Fuzz's Go support uses, with structfuzz's packages,
// uninstrumentedStd and the package patterns of -uninstrumented excluded.
// go build applies the last -gcflags whose pattern matches a package, so
// the exclusions follow the all= that instruments everything else.
func nativeFlags(tags string, uninstrumented []string) []string {
	all := "gofuzz,libfuzzer"
	if tags != "" {
		all += "," + tags
	}
	flags := []string{"-buildmode=c-archive", "-trimpath", "-tags=" + all, "-gcflags=all=-d=libfuzzer"}
	for _, p := range append(append(append([]string{}, uninstrumentedStd...), structfuzzPkgs...), uninstrumented...) {
		flags = append(flags, "-gcflags="+p+"=-d=libfuzzer=0")
	}
	return flags
}

func (b *buildFlags) native(t *target, dir, archive string) error {
	data := nativeData{target: t}
	if b.dict {
		w, linked, err := b.collectWords(t)
		if err != nil {
			return err
		}
		data.words, b.collected = w, w
		data.Embed = linked && (len(w.Texts) > 0 || len(w.Ints) > 0)
	}
	main, err := generate(dir, "main.go", nativeMain, data)
	if err != nil {
		return err
	}
	args := append([]string{"build", "-o", archive}, nativeFlags(b.tags, b.extraUninstrumented())...)
	cmd := exec.Command("go", append(args, main)...)
	cmd.Dir = t.ModuleDir
	if _, err := b.output(cmd); err != nil {
		return fmt.Errorf("building %s (native libFuzzer mode): %v", t, err)
	}
	return nil
}

// GoFuzzBuildVersion is the go-fuzz-build release structfuzz is tested
// with.
const GoFuzzBuildVersion = "v0.0.0-20220726122315-1d375ef9f9f6"

// goFuzzBreaks are standard packages that go-fuzz-build's instrumentation
// breaks on current Go releases: it puts code between a compiler directive
// and its function ("misplaced compiler directive"). bigmod is reached by
// anything that imports net/http or crypto/tls; examples/chatapi builds
// through it in the benchmark suite's go-fuzz configuration.
var goFuzzBreaks = []string{"crypto/internal/fips140/bigmod"}

func (b *buildFlags) goFuzz(t *target, archive string) error {
	if hasPattern(b.uninstrumented) {
		return fmt.Errorf("-uninstrumented %s: go-fuzz mode takes import paths only (go-fuzz-build -preserve), not std or ... patterns; use -mode native", strings.Join(b.uninstrumented, ","))
	}
	tool, err := exec.LookPath("go-fuzz-build")
	if err != nil {
		return fmt.Errorf("go-fuzz-build is not installed. Install it with\n"+
			"  go install github.com/dvyukov/go-fuzz/go-fuzz-build@%s\n"+
			"and require go-fuzz-dep in the module of %s:\n"+
			"  go get github.com/dvyukov/go-fuzz/go-fuzz-dep@%s\n"+
			"or use the default native mode (-mode native), which needs neither", GoFuzzBuildVersion, t.ImportPath, GoFuzzBuildVersion)
	}
	preserve := append(append(append(append([]string{}, uninstrumentedStd[1:]...), goFuzzBreaks...), structfuzzPkgs...), b.uninstrumented...)
	args := []string{"-libfuzzer", "-func", t.Func, "-o", archive, "-preserve", strings.Join(preserve, ",")}
	if b.tags != "" {
		args = append(args, "-tags", b.tags)
	}
	cmd := exec.Command(tool, append(args, t.ImportPath)...)
	cmd.Dir = t.Dir
	if _, err := b.output(cmd); err != nil {
		msg := err.Error()
		if strings.Contains(msg, "go-fuzz-dep") {
			msg += fmt.Sprintf("\n(the module of %s must require go-fuzz-dep: go get github.com/dvyukov/go-fuzz/go-fuzz-dep@%s)", t.ImportPath, GoFuzzBuildVersion)
		}
		return fmt.Errorf("building %s with go-fuzz-build -libfuzzer: %s", t, msg)
	}
	return nil
}
