package suite

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Engine is the fuzzing engine of a configuration.
type Engine int

// The engines.
const (
	LibFuzzer Engine = iota // a libFuzzer binary, run with -seed and -runs
	GoTest                  // a `go test -c` binary, run with -test.fuzz
)

// Config is one way of fuzzing an example.
type Config struct {
	// ID is the letter of the configuration: a to f as in the issue, g and
	// on optional.
	ID string
	// Label describes it in tables, Short in the plot's legend.
	Label, Short string
	// Structured reports a structfuzz configuration (custom mutator);
	// the others are the byte-level baselines.
	Structured bool
	Engine     Engine
	// build names the binary this configuration needs (configurations
	// share binaries) and how to make it.
	build buildKind
	// Raw runs the binary with STRUCTFUZZ_RAW=1: the custom mutator defers
	// to libFuzzer's own mutations and inputs decode leniently.
	Raw bool
	// TypedOnly runs the binary with STRUCTFUZZ_TYPED_ONLY=1: the custom
	// mutator makes typed moves only, as it did before it had byte-level
	// ones.
	TypedOnly bool
	// Optional configurations run only when asked for by letter.
	Optional bool
	// FuzzFunc is the fuzz function a GoTest configuration runs.
	FuzzFunc string
}

type buildKind int

const (
	buildNative    buildKind = iota // structfuzz build ./example
	buildGoFuzz                     // structfuzz build -mode go-fuzz ./example
	buildHeaders                    // structfuzz build -func FuzzHeaders ./targets/example
	buildGoFuzzLib                  // structfuzz build -func FuzzGoFuzz ./targets/example
	buildTest                       // go test -c ./targets/example
	buildPlain                      // structfuzz build ./reallibs/lib/plain
)

// Configs are the configurations of the suite: the six of the issue, in
// its order, then the optional ones.
var Configs = []Config{
	{ID: "a", Label: "structfuzz, native libFuzzer build", Short: "structfuzz native", Structured: true, Engine: LibFuzzer, build: buildNative},
	{ID: "b", Label: "structfuzz, go-fuzz-build -libfuzzer", Short: "structfuzz go-fuzz-build", Structured: true, Engine: LibFuzzer, build: buildGoFuzz},
	{ID: "c", Label: "libFuzzer bytes, structfuzz lenient decode", Short: "bytes + lenient decode", Engine: LibFuzzer, build: buildNative, Raw: true},
	{ID: "d", Label: "libFuzzer bytes, go-fuzz-headers GenerateStruct", Short: "bytes + go-fuzz-headers", Engine: LibFuzzer, build: buildHeaders, Raw: true},
	{ID: "e", Label: "go test -fuzz, structfuzz lenient decode", Short: "go test -fuzz", Engine: GoTest, build: buildTest, Raw: true, FuzzFunc: "FuzzLenient"},
	{ID: "f", Label: "libFuzzer bytes, gofuzz NewFromGoFuzz", Short: "bytes + gofuzz", Engine: LibFuzzer, build: buildGoFuzzLib, Raw: true},
	// p runs only on real libraries: their bytes, straight into the
	// library, with no model between.
	{ID: "p", Label: "libFuzzer bytes into the library", Short: "plain bytes", Engine: LibFuzzer, build: buildPlain},
	// g is (a) without byte-level moves: what adapting the share of them
	// buys, measured side by side.
	{ID: "g", Label: "structfuzz, native, typed moves only", Short: "structfuzz typed only", Structured: true, Engine: LibFuzzer, build: buildNative, TypedOnly: true, Optional: true},
	// h is go test -fuzz with the harness's structure-aware inputs: a
	// base value and typed mutations seeded by step words. Side by side
	// with e it measures what they buy without clang.
	{ID: "h", Label: "go test -fuzz, structfuzz typed steps", Short: "go test -fuzz, typed", Structured: true, Engine: GoTest, build: buildTest, FuzzFunc: "FuzzSteps", Optional: true},
}

// DefaultConfigs are the configurations a suite runs when none is named:
// the six of the issue, and p where it applies.
func DefaultConfigs() []Config {
	var out []Config
	for _, c := range Configs {
		if !c.Optional {
			out = append(out, c)
		}
	}
	return out
}

// configByID returns the configuration with the given letter.
func configByID(id string) (Config, bool) {
	for _, c := range Configs {
		if c.ID == id {
			return c, true
		}
	}
	return Config{}, false
}

// Builder makes the binaries of the suite in Dir, once each.
type Builder struct {
	// Root is the repository root (it holds examples/ and benchmarks/).
	Root string
	// Dir receives the binaries.
	Dir string
	// Structfuzz is the structfuzz command, built by Prepare.
	Structfuzz string
	// Log receives the build commands.
	Log func(format string, args ...any)

	built map[string]string
}

// Prepare builds the structfuzz command into Dir.
func (b *Builder) Prepare() error {
	b.built = map[string]string{}
	b.Structfuzz = filepath.Join(b.Dir, "structfuzz")
	cmd := exec.Command("go", "build", "-o", b.Structfuzz, "github.com/structfuzz/structfuzz/cmd/structfuzz")
	cmd.Dir = filepath.Join(b.Root, "benchmarks")
	return b.exec(cmd)
}

// Binary returns the binary of configuration c for example e, building it
// on first use.
func (b *Builder) Binary(e Example, c Config) (string, error) {
	key := fmt.Sprintf("%s-%d", e.Name, c.build)
	if bin, ok := b.built[key]; ok {
		return bin, nil
	}
	bin := filepath.Join(b.Dir, key)
	module := filepath.Join(b.Root, e.module())
	benchmarks := filepath.Join(b.Root, "benchmarks")
	var cmd *exec.Cmd
	switch c.build {
	case buildNative:
		cmd = exec.Command(b.Structfuzz, "build", "-o", bin, e.Pkg)
		cmd.Dir = module
	case buildGoFuzz:
		cmd = exec.Command(b.Structfuzz, "build", "-mode", "go-fuzz", "-o", bin, e.Pkg)
		cmd.Dir = module
	case buildPlain:
		cmd = exec.Command(b.Structfuzz, "build", "-o", bin, e.Plain)
		cmd.Dir = module
	case buildHeaders:
		cmd = exec.Command(b.Structfuzz, "build", "-func", "FuzzHeaders", "-o", bin, e.Baselines)
		cmd.Dir = benchmarks
	case buildGoFuzzLib:
		cmd = exec.Command(b.Structfuzz, "build", "-func", "FuzzGoFuzz", "-o", bin, e.Baselines)
		cmd.Dir = benchmarks
	case buildTest:
		// -fuzz makes go test -c build with the coverage
		// instrumentation Go's fuzzer is guided by; without it the
		// binary fuzzes blind (and says so in a warning).
		cmd = exec.Command("go", "test", "-c", "-fuzz=.", "-o", bin, e.Baselines)
		cmd.Dir = benchmarks
	}
	if err := b.exec(cmd); err != nil {
		return "", fmt.Errorf("building configuration %s of %s: %w", c.ID, e.Name, err)
	}
	b.built[key] = bin
	return bin, nil
}

func (b *Builder) exec(cmd *exec.Cmd) error {
	if b.Log != nil {
		b.Log("build: (cd %s && %s)", cmd.Dir, strings.Join(cmd.Args, " "))
	}
	cmd.Env = os.Environ()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return nil
}
