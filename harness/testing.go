package harness

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

// Replay runs the target on every file in dirs (a corpus folder, crash
// artifacts) as a subtest named after the file, so a crash found by a
// fuzzer stays a regression test under plain `go test`. A file that no
// longer decodes fails its subtest with an error naming the file and the
// type. A panic in the target (or in a hook) fails the file's subtest
// with its message, its stack and the input's value in the readable JSON
// form, and the other files still run. Folders that do not exist are
// skipped. A type that cannot be fuzzed
// (see Validate) fails the test even when there is no file to run.
//
// A folder whose recorded schema (see RecordSchema) differs from the
// current type in a way that changes the meaning of old inputs fails the
// test with what changed, before any file runs; run `structfuzz migrate`
// (or Migrate) to rewrite the folder for the current type. Additive
// changes are logged.
func (h *Harness[T]) Replay(t *testing.T, dirs ...string) {
	t.Helper()
	if err := h.Validate(); err != nil {
		t.Fatal(err) // even with no files: the type can never be fuzzed
	}
	for _, dir := range dirs {
		d, ok, err := h.schemaDiff(dir)
		switch {
		case err != nil:
			t.Fatal(err)
		case ok && d.Breaking():
			t.Fatal(d.String())
		case ok:
			t.Log(d.String())
		}
	}
	files := inputs(t, dirs)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			h.replayOne(t, f, data)
		})
	}
}

// replayOne runs the target on one file's input, and turns a panic into
// the failure of t, with the input's value.
func (h *Harness[T]) replayOne(t *testing.T, name string, data []byte) {
	t.Helper()
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		stack := debug.Stack()
		js := "(the input's value cannot be shown: " + fmt.Sprint(r) + ")"
		if f, ok := r.(*HookFailure); ok {
			js = "(a hook failed before the target ran)"
			stack = f.Stack
		} else if b, err := h.valueJSON(data); err == nil {
			js = string(b)
		}
		t.Errorf("%s: the target panicked: %v\n%s\nthe input's value:\n%s", name, r, stack, js)
	}()
	v, err := h.Check(name, data)
	if err != nil {
		t.Fatal(err)
	}
	h.fn(v)
}

// Fuzz drives the target under `go test -fuzz`: the files in dirs seed
// the fuzzer, and every input it makes is decoded leniently, so Go's
// byte-level fuzzer reaches valid values. Without -fuzz it runs the seeds,
// like Replay.
//
// With Options.TypedSteps the seeds are structure-aware inputs instead: a
// base value and step words, each of which seeds one typed mutation of
// the value (the mutations and PostProcess hooks Harness.Mutate makes
// with TypedOnly, without regenerating the whole value), at most 32,
// applied in order. Go's fuzzer changes,
// inserts and removes step words, so an input that found coverage grows
// by further typed mutations; it still changes the base's bytes, which
// are decoded leniently. Such an input is recognised by its header
// whatever the options, so the value of every input is a function of its
// bytes alone: every corpus file and crash reproduces it, and structfuzz
// print and test read these files as Fuzz runs them.
//
// The seeds themselves are checked strictly first (see CheckCorpus): a
// seed that does not decode (written for an older version of the type,
// say) fails the test with the corpus report, rather than being silently
// reinterpreted by the lenient decoder, and so does a seed folder whose
// recorded schema differs from the current type in a way that changes
// the meaning of old inputs (see Replay).
//
// The same fuzz function builds into a libFuzzer binary with
// go-118-fuzz-build, as OSS-Fuzz's compile_native_go_fuzzer does: that
// tool replaces f by an F of its own carrying one input, and calls the
// fuzz function once per input. Fuzz then runs that input and nothing
// else. When the harness belongs to a mutator/libfuzzer Target, the input
// goes through the target as its Fuzz method would take it, and the
// binary fuzzes with structfuzz's custom mutator and crossover; a harness
// made by New decodes the input leniently, as under `go test -fuzz`.
// go-118-fuzz-build rewrites the testing import of the file that holds the
// fuzz function, so keep fuzz functions in a file of their own (Replay,
// which takes a *testing.T, belongs in another).
func (h *Harness[T]) Fuzz(f F, dirs ...string) {
	f.Helper()
	if data, ok := libFuzzerInput(f); ok {
		h.runNative(h, data)
		return
	}
	if err := h.Validate(); err != nil {
		f.Fatal(err)
	}
	if r := h.CheckCorpus(dirs...); !r.OK() {
		f.Fatal(r.String())
	} else if len(r.Schemas) > 0 {
		f.Log(r.String())
	}
	structured := h.opts.TypedSteps
	for _, name := range inputs(f, dirs) {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if !structured {
			f.Add(data)
			continue
		}
		// The seed as it is, and with a few typed mutations to start
		// from, whose words Go's fuzzer then changes.
		f.Add(joinSteps(data))
		f.Add(joinSteps(data, seedWords(data)...))
	}
	if structured {
		f.Add(joinSteps(nil, seedWords(nil)...))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, _, err := h.fuzzValue(data)
		if err != nil {
			t.Fatal(err)
		}
		h.fn(v.(*T))
	})
}

// fatal is the part of testing.TB that inputs needs: F has it too.
type fatal interface {
	Helper()
	Fatal(args ...any)
}

// inputs lists the regular files in dirs, sorted.
func inputs(tb fatal, dirs []string) []string {
	var files []string
	for _, d := range dirs {
		entries, err := os.ReadDir(d)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				files = append(files, filepath.Join(d, e.Name()))
			}
		}
	}
	slices.Sort(files)
	return files
}

// valueJSON returns the readable form of the value the target sees for
// data (decoded and post-processed).
func (h *engine) valueJSON(data []byte) ([]byte, error) {
	v, err := h.decode(data)
	if err != nil {
		return nil, err
	}
	return codec.MarshalReadable(v)
}
