package harness

import (
	"fmt"
	"time"

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
	// with Seed and MaxSize, on a harness with Options.TypedOnly, fails
	// the same way. For a CrossOver hook it is the first parent, and Other
	// the second.
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
		return fmt.Sprintf("Harness.CrossOver(input, other, %d, %d) with Options.TypedOnly calls the hook on the same parents", f.MaxSize, f.Seed)
	}
	return fmt.Sprintf("Harness.Mutate(input, %d, %d) with Options.TypedOnly calls the hook on the same value", f.MaxSize, f.Seed)
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
