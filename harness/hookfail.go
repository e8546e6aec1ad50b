package harness

import (
	"errors"
	"fmt"
	"time"

	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/internal/hookfault"
)

// HookFailure reports a user hook (Mutate, CrossOver or PostProcess) that
// failed inside the mutation pipeline: it panicked, returned a value that
// breaks its type's tags, or did not return within Options.HookTimeout.
// It carries an input that reproduces the failure.
//
// Mutate and CrossOver panic with a *HookFailure unless
// Options.OnHookFailure handles it; the libFuzzer binary saves Input as a
// crash (or timeout) artifact and exits as libFuzzer does for a crash.
type HookFailure struct {
	// Hook is the hook that failed: "Mutate", "CrossOver" or
	// "PostProcess".
	Hook string
	// Type is the type whose hook failed (for a timeout, the function
	// that was running, as the stack names it).
	Type string
	// Value is the value the hook was called on, as the hook left it, in
	// the codec's readable JSON; empty for a timeout.
	Value string
	// Panic is what the hook panicked with, nil if it did not panic.
	Panic any
	// Err says why the hook's result does not encode, when it returned one
	// that breaks its type's tags.
	Err error
	// Timeout is set when the hook did not return within it.
	Timeout time.Duration
	// Stack is the stack of the failing hook (for a timeout, of every
	// goroutine).
	Stack []byte

	// Op is the operation that ran the hook: "Mutate" or "CrossOver" in
	// the mutation pipeline, "Decode" when an input was replayed.
	Op string
	// Input reproduces the failure. For a PostProcess hook it is the
	// input before post-processing, so replaying it (Decode, the target
	// under go test, the binary given the file) runs the hook on the same
	// value. For a Mutate hook it is the input Mutate was given: Mutate
	// with Seed and MaxSize fails the same way. For a CrossOver hook it is
	// the first parent, and Other the second.
	Input []byte
	// Other is CrossOver's second parent, or nil.
	Other []byte
	// Seed and MaxSize are the pipeline's arguments.
	Seed    uint64
	MaxSize int
}

// Error says which hook of which type failed, and how.
func (f *HookFailure) Error() string {
	if f.Timeout > 0 {
		return fmt.Sprintf("structfuzz: a %s hook did not return within %v: %s (during %s)", f.Hook, f.Timeout, f.Type, f.Op)
	}
	return hookfault.Message(f.Hook, f.Type, f.Value, f.Panic, f.Err)
}

// Unwrap returns the error the hook panicked with, or the codec's error.
func (f *HookFailure) Unwrap() error {
	if err, ok := f.Panic.(error); ok {
		return err
	}
	return f.Err
}

// Reproduce says, for a person, how to run the failing hook again from
// Input.
func (f *HookFailure) Reproduce() string {
	switch {
	case f.Hook == "PostProcess":
		return "replay the input (the binary given the file, or the target's go test): post-processing it runs the hook on the same value"
	case f.Op == "CrossOver":
		return fmt.Sprintf("Harness.CrossOver(input, other, %d, %d) calls the hook on the same parents", f.MaxSize, f.Seed)
	}
	return fmt.Sprintf("Harness.Mutate(input, %d, %d) calls the hook on the same value", f.MaxSize, f.Seed)
}

// failed handles a panic r caught in the pipeline op (h.mu held). For a
// hook's fault it
// forgets the cached value, which the hook left half-changed, builds the
// HookFailure with an input that reproduces it, and hands it to
// Options.OnHookFailure or panics with it.
func (h *Harness[T]) failed(op string, r any, a, b []byte, pre []byte, maxSize int, seed uint64) {
	fault, ok := r.(*hookfault.Fault)
	if !ok {
		panic(r) // not a hook's: structfuzz's own bug, or the runtime's
	}
	h.value = nil
	h.last = h.last[:0]
	f := &HookFailure{
		Hook: fault.Hook, Type: fault.Type.String(), Value: fault.Value,
		Panic: fault.Panic, Err: fault.Err, Stack: fault.Stack,
		Op: op, Seed: seed, MaxSize: maxSize,
	}
	switch {
	case fault.Hook == "PostProcess" && pre != nil:
		f.Input = append([]byte(nil), pre...) // pre is the mutator's buffer
	case fault.Hook == "PostProcess" && op == "CrossOver":
		f.Input = h.crossedUnprocessed(a, b, maxSize, seed)
	case fault.Hook == "PostProcess":
		f.Input = h.canonical(a, false)
	default:
		f.Input = h.canonical(a, true)
		if op == "CrossOver" {
			f.Other = h.canonical(b, true)
		}
	}
	if h.opts.OnHookFailure != nil {
		h.opts.OnHookFailure(f)
		return
	}
	panic(f)
}

// replayFailure turns a hook fault r, recovered while Decode
// post-processed data, into the *HookFailure to panic with; any other
// panic is returned as it is.
func replayFailure(r any, data []byte) any {
	fault, ok := r.(*hookfault.Fault)
	if !ok {
		return r
	}
	return &HookFailure{
		Hook: fault.Hook, Type: fault.Type.String(), Value: fault.Value,
		Panic: fault.Panic, Err: fault.Err, Stack: fault.Stack,
		Op: "Decode", Input: append([]byte(nil), data...),
	}
}

// canonical returns the encoding of data's lenient decoding,
// post-processed when process is set, or data itself when that fails.
func (h *Harness[T]) canonical(data []byte, process bool) (enc []byte) {
	defer func() {
		if recover() != nil {
			enc = append([]byte(nil), data...)
		}
	}()
	var v *T
	var err error
	if process {
		v, err = h.decodeLenient(data, 0)
	} else {
		v, err = h.lenientValue(data)
	}
	if err == nil {
		enc, err = h.co.Marshal(v)
	}
	if err != nil {
		return append([]byte(nil), data...)
	}
	return enc
}

// crossedUnprocessed repeats a crossover of a and b whose post-processing
// failed, and returns the child before post-processing: the input whose
// replay runs the failing PostProcess. A crossover that cannot be
// repeated gives the first parent.
func (h *Harness[T]) crossedUnprocessed(a, b []byte, maxSize int, seed uint64) (enc []byte) {
	defer func() {
		if recover() != nil {
			enc = h.canonical(a, false)
		}
	}()
	va, err1 := h.decodeLenient(a, seed)
	vb, err2 := h.decodeLenient(b, seed)
	if err := errors.Join(err1, err2); err != nil {
		return h.canonical(a, false)
	}
	if err := (crossover.Options{Codec: h.co}).Cross(va, vb, seed, maxSize); err != nil {
		return h.canonical(a, false)
	}
	enc, err := h.co.Marshal(va)
	if err != nil {
		return h.canonical(a, false)
	}
	return enc
}
