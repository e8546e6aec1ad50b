// Package libfuzzer plugs structfuzz into libFuzzer. A fuzz target over a
// Go type becomes a libFuzzer binary whose custom mutator and crossover
// change values instead of bytes:
//
//	var target = libfuzzer.Target(func(r *Request) { handle(r) })
//
//	func Fuzz(data []byte) int { return target.Fuzz(data) }
//
// Build it with `structfuzz build` (the Go toolchain's own libFuzzer
// instrumentation, as OSS-Fuzz does) or with `go-fuzz-build -libfuzzer`,
// then link with `clang -fsanitize=fuzzer`: nothing else is needed.
//
// The package exports LLVMFuzzerCustomMutator and
// LLVMFuzzerCustomCrossOver. libFuzzer looks those up weakly, so a static
// link would silently drop them; this package keeps them referenced from
// code the link always includes. Numbers, strings and byte slices are
// mutated through LLVMFuzzerMutate when it is linked, so libFuzzer's
// comparison tracing and dictionaries (-dict=) keep working; otherwise, as
// in a plain `go test` binary, the pure-Go leaf mutator is used.
//
// With the environment variable STRUCTFUZZ_RAW=1 the binary behaves as a
// plain byte-level fuzzer: the custom mutator defers to LLVMFuzzerMutate
// and inputs are decoded leniently. It is the baseline that shows what
// structure-aware mutation buys.
//
// The custom mutator mixes typed moves with byte-level ones (LLVMFuzzerMutate
// over the whole encoding, decoded leniently and encoded again), in shares
// that adapt to which moves find inputs libFuzzer keeps (see
// harness.Options.TypedOnly). With STRUCTFUZZ_TYPED_ONLY=1 it makes typed
// moves only.
//
// At 8192 calls of the custom mutator and each doubling after, the binary
// prints a line of its own beside libFuzzer's: how many inputs the target
// rejected (and why the first was), how many mutations made nothing, and
// the share of the time the mutation pipeline and the input type's hooks
// took. STRUCTFUZZ_STATS=0 turns it off; STRUCTFUZZ_MOVES=1 adds the
// counts of each family of moves.
//
// This is the only package of structfuzz that needs cgo; harness holds
// everything else a target needs.
package libfuzzer

/*
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));

int structfuzz_initialize(int *argc, char ***argv);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                 uint8_t *out, size_t max_out_size, unsigned int seed);

// libFuzzer calls LLVMFuzzerInitialize, when a binary defines one, before
// it parses its flags. This one is weak: go-fuzz-build -libfuzzer links a
// strong one of its own, which then wins (and its binaries get no default
// flags).
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv) {
	return structfuzz_initialize(argc, argv);
}

// libFuzzer references the custom mutator, crossover and initializer weakly. In a
// static link nothing else would pull in the object that defines them, and
// the fuzzer would run without them. This object is always linked (the Go
// code below calls into it), and it references both.
__attribute__((used)) static void *structfuzz_keep_exports[] = {
	(void *)&LLVMFuzzerInitialize,
	(void *)&LLVMFuzzerCustomMutator,
	(void *)&LLVMFuzzerCustomCrossOver,
};

static int structfuzz_have_mutate(void) { return LLVMFuzzerMutate != 0; }

static size_t structfuzz_mutate(uint8_t *data, size_t size, size_t max_size) {
	return LLVMFuzzerMutate(data, size, max_size);
}

// What the target did with the inputs libFuzzer gave it, for the report
// at exit. They live in C so that the report needs no Go: libFuzzer ends a
// run with exit(), and the handler runs inside it.
static unsigned long long structfuzz_runs, structfuzz_calls;
static const char *structfuzz_type = "the input type";
static const char *structfuzz_reason = "(none recorded)";

static void structfuzz_count(int called) {
	structfuzz_runs++;
	if (called) structfuzz_calls++;
}

static void structfuzz_set_reason(const char *reason) { structfuzz_reason = reason; }

// structfuzz_report turns a run in which no input reached the target into
// a failure that says so: a fuzzer that never ran the code under test must
// not end with "Done" and exit status 0.
static void structfuzz_report(void) {
	if (structfuzz_runs == 0 || structfuzz_calls != 0) return;
	fprintf(stderr,
		"structfuzz: none of the %llu inputs of this run reached the target: each was rejected "
		"as not a valid encoding of %s (a corpus written for another version of the type, or a "
		"PostProcess hook whose result does not encode?). The first reason: %s\n",
		structfuzz_runs, structfuzz_type, structfuzz_reason);
	fflush(stderr);
	_exit(1);
}

static void structfuzz_report_at_exit(const char *type) {
	structfuzz_type = type;
	atexit(structfuzz_report);
}
*/
import "C"

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/internal/native"
	"github.com/structfuzz/structfuzz/mutator"
)

func init() {
	if linked() {
		native.SetRunner(runNative)
	}
}

// Fuzzer is the one structured target of a libFuzzer binary.
type Fuzzer[T any] struct {
	h *harness.Harness[T]
	c *core
}

// core is the body of a Fuzzer, not generic on purpose: a generic type's
// methods are compiled into the user's package, which a native libFuzzer
// build instruments, and Fuzz runs once per input (see harness's engine).
type core struct {
	h        target
	pipe     pipeline // the same harness, as the custom mutator's pipeline
	started  sync.Once
	reasoned atomic.Bool // the first rejection was recorded for the exit report
}

// target is what core needs of the harness.
type target interface {
	Run(data []byte) int
	Stats() harness.Stats
	Validate() error
	TypeName() string
	corpusChecker
}

// pipeline is what the exported entry points and the structfuzz command
// need of the target.
type pipeline interface {
	MutateTo(dst, data []byte, seed uint64) int
	CrossOverTo(dst, a, b []byte, seed uint64) int
	Moves() []harness.FamilyStats
	Stats() harness.Stats
	MaxLen() int
	TypeName() string
}

var (
	mu sync.Mutex
	// registered is the pipeline of the custom mutator: the one target of
	// the binary, or, of several, the one whose Fuzz ran first (active).
	registered pipeline
	targets    int               // Target calls in this binary
	cores      = map[any]*core{} // by harness, for native.Run
	active     atomic.Pointer[core]
	rawMode    = os.Getenv("STRUCTFUZZ_RAW") == "1"
	typedOnly  = os.Getenv("STRUCTFUZZ_TYPED_ONLY") == "1"
	showMoves  = os.Getenv("STRUCTFUZZ_MOVES") == "1"
	showStats  = os.Getenv("STRUCTFUZZ_STATS") != "0"
	linked     = HaveLLVMFuzzerMutate // replaced by tests
)

// Target registers fn as a structured fuzz target of this binary and
// returns it. A package may hold several targets, one per fuzz function.
// A libFuzzer binary fuzzes one of them, the first whose Fuzz (or whose
// Harness's Fuzz, in a go-118-fuzz-build binary) libFuzzer calls: its type
// is what the custom mutator mutates, and calling another target's Fuzz
// in the same process panics. A binary without libFuzzer (a go test
// binary importing several fuzz packages, say) runs them all; each
// replays and fuzzes through its Harness, and Registered reports none.
func Target[T any](fn func(*T)) *Fuzzer[T] {
	return TargetWith(fn, harness.Options{})
}

// TargetWith is Target with harness options (the depth limit). In a
// libFuzzer binary, a hook that fails in the custom mutator (it panics,
// breaks its type's tags, or runs past DefaultHookTimeout) is reported by
// name, the input that reproduces it is saved as libFuzzer saves a crash
// or timeout, and the process exits with libFuzzer's status for one;
// options that set OnHookFailure or HookTimeout take precedence.
func TargetWith[T any](fn func(*T), opts harness.Options) *Fuzzer[T] {
	mu.Lock()
	defer mu.Unlock()
	if linked() {
		opts.Leaf = Leaf{}
		if opts.OnHookFailure == nil {
			opts.OnHookFailure = func(f *harness.HookFailure) { os.Exit(reportHookFailure(os.Stderr, os.Args, f)) }
		}
		if opts.HookTimeout == 0 {
			d, err := hookTimeout(os.Args, os.Getenv("STRUCTFUZZ_HOOK_TIMEOUT"))
			if err != nil {
				panic(err.Error())
			}
			opts.HookTimeout = d
		}
	}
	opts.RawBytes = opts.RawBytes || rawMode
	opts.TypedOnly = opts.TypedOnly || typedOnly
	h := harness.New(fn, opts)
	f := &Fuzzer[T]{h: h, c: &core{h: h, pipe: h}}
	targets++
	cores[h] = f.c
	switch {
	case active.Load() != nil:
		// libFuzzer already runs another target's inputs.
	case targets == 1:
		registered = f.h
	default:
		registered = nil // until one of them runs
	}
	return f
}

// runNative is the native.Runner of a libFuzzer binary: a harness's Fuzz
// given go-118-fuzz-build's F hands the input to the target that owns the
// harness.
func runNative(h any, data []byte) (int, bool) {
	if c := active.Load(); c != nil && c.pipe == h {
		return c.fuzz(data), true
	}
	mu.Lock()
	c := cores[h]
	mu.Unlock()
	if c == nil {
		return 0, false
	}
	return c.fuzz(data), true
}

// claim makes f the target this libFuzzer binary fuzzes, the first time
// one of its targets runs an input, and panics when another one has been
// claimed: the custom mutator makes inputs for one type.
func (f *core) claim() {
	mu.Lock()
	defer mu.Unlock()
	switch a := active.Load(); {
	case a == f:
	case a == nil:
		active.Store(f)
		registered = f.pipe
	default:
		panic(fmt.Sprintf("structfuzz: this libFuzzer binary fuzzes the target over %s, and the fuzz function of the target over %s was called too: one binary fuzzes one target (its custom mutator makes inputs of one type); build one binary per fuzz function", a.h.TypeName(), f.h.TypeName()))
	}
}

// Fuzz is the go-fuzz entry point: decode, post-process, call the target.
// It returns 0, or -1 for an input that does not decode.
//
// In a libFuzzer binary the first call checks the input type and stops
// the process with the type model's message (exit status 1) when it
// cannot be fuzzed, and arranges that a run in which no input reached the
// target ends with a message saying so and exit status 1.
func (f *Fuzzer[T]) Fuzz(data []byte) int { return f.c.fuzz(data) }

// fuzz is Fuzzer.Fuzz.
func (f *core) fuzz(data []byte) int {
	if !linked() {
		return f.h.Run(data)
	}
	if active.Load() != f {
		f.claim()
	}
	f.started.Do(f.start)
	r := f.h.Run(data)
	called := C.int(0)
	if r == 0 {
		called = 1
	} else if !f.reasoned.Load() {
		f.reasoned.Store(true)
		if err := f.h.Stats().FirstRejection; err != nil {
			C.structfuzz_set_reason(C.CString(err.Error())) // kept for the exit report
		}
	}
	C.structfuzz_count(called)
	return r
}

// start runs before the first input of a libFuzzer binary, after package
// initialisation (so every union and enum is registered).
func (f *core) start() {
	if err := f.h.Validate(); err != nil {
		fmt.Fprintf(os.Stderr, "%v\nstructfuzz: stopping: this fuzzer could never run its target\n", err)
		os.Exit(1)
	}
	if code := checkCorpus(os.Stderr, f.h, os.Args[1:]); code != 0 {
		os.Exit(code)
	}
	C.structfuzz_report_at_exit(C.CString(f.h.TypeName()))
}

// Harness returns the pure-Go harness, for corpus replay and
// `go test -fuzz` (harness.Harness.Replay and Fuzz).
func (f *Fuzzer[T]) Harness() *harness.Harness[T] { return f.h }

// ToolMain is the main function of the helper programs the structfuzz
// command builds for a package (print, encode, test, seed, cover, check and
// the others): it answers the command line for the target registered in
// the binary, and returns the exit status. It is plumbing, not for your
// own code.
func ToolMain() int {
	return native.ToolMain(registeredTool(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// registeredTool returns the target registered in this binary, for
// ToolMain: the one target, or the one a libFuzzer binary fuzzes; nil when
// there is none, or several and none has run.
func registeredTool() any {
	mu.Lock()
	defer mu.Unlock()
	if registered == nil {
		return nil
	}
	return registered
}

// HaveLLVMFuzzerMutate reports whether libFuzzer's LLVMFuzzerMutate is
// linked into this binary.
func HaveLLVMFuzzerMutate() bool { return C.structfuzz_have_mutate() != 0 }

// Leaf is the mutator.Leaf backed by LLVMFuzzerMutate. Use it only when
// HaveLLVMFuzzerMutate is true.
type Leaf struct{}

var _ mutator.Leaf = Leaf{}

// Mutate implements mutator.Leaf.
func (Leaf) Mutate(data []byte, size, maxSize int) int {
	maxSize = min(maxSize, len(data))
	if maxSize <= 0 {
		return 0
	}
	return int(C.structfuzz_mutate((*C.uint8_t)(unsafe.Pointer(&data[0])), C.size_t(size), C.size_t(maxSize)))
}

// byteMutate mutates data[:size] in place with libFuzzer's own mutations,
// or returns size unchanged when LLVMFuzzerMutate is not linked.
func byteMutate(data unsafe.Pointer, size, maxSize C.size_t) C.size_t {
	if !HaveLLVMFuzzerMutate() || maxSize == 0 {
		return size
	}
	return C.structfuzz_mutate((*C.uint8_t)(data), size, maxSize)
}
