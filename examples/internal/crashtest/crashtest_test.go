package crashtest

import (
	"errors"
	"os"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// recorder is a testing.TB that records a fatal failure instead of
// stopping the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatal(args ...any) {
	r.failed = true
	panic(r)
}
func (r *recorder) Fatalf(format string, args ...any) { r.Fatal() }

// fails reports whether fn made r fail.
func fails(t *testing.T, fn func(tb testing.TB)) (failed bool) {
	r := &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
		failed = r.failed
	}()
	fn(r)
	return
}

func TestMustPanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		fail bool
	}{
		{"matching error", func() { panic(errors.New("index out of range [3]")) }, false},
		{"matching string", func() { panic("index out of range") }, false},
		{"other panic", func() { panic("nil map") }, true},
		{"no panic", func() {}, true},
	} {
		got := fails(t, func(tb testing.TB) { MustPanic(tb, "index out of range", tc.fn) })
		if got != tc.fail {
			t.Errorf("%s: failed = %v, want %v", tc.name, got, tc.fail)
		}
	}
}

func TestReplay(t *testing.T) {
	type input struct{ N int8 }
	h := harness.New(func(*input) {}, harness.Options{})
	check := func(v *input) {
		if v.N < 0 {
			panic("negative")
		}
	}
	dir := t.TempDir()
	write := func(name string, v input) string {
		b, err := codec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		file := dir + "/" + name
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return file
	}
	crash, fine := write("crash", input{N: -1}), write("fine", input{N: 1})
	if fails(t, func(tb testing.TB) { Replay(tb, h, check, crash, "negative") }) {
		t.Error("Replay failed on an input that panics as expected")
	}
	if !fails(t, func(tb testing.TB) { Replay(tb, h, check, fine, "negative") }) {
		t.Error("Replay passed on an input that does not panic")
	}
	if !fails(t, func(tb testing.TB) { Replay(tb, h, check, dir+"/missing", "negative") }) {
		t.Error("Replay passed on a missing file")
	}
}
