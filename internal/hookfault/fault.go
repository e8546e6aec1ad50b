// Package hookfault names a user hook (Mutate, CrossOver, PostProcess)
// that failed: one that panicked, or one that returned a value its type's
// tags reject. The mutator, crossover and postprocess packages wrap every
// hook call with Wrap, so a panic leaves them as a *Fault that says which
// hook of which type failed, on what value, instead of an anonymous panic
// deep inside the pipeline.
package hookfault

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime/debug"
	"strings"

	"github.com/structfuzz/structfuzz/codec"
)

// Fault is a hook that panicked or returned a value that does not encode.
type Fault struct {
	Hook  string       // "Mutate", "CrossOver" or "PostProcess"
	Type  reflect.Type // the type whose hook it is
	Value string       // the value as the hook left it, in readable form
	Panic any          // what the hook panicked with; nil when it returned a bad value
	Err   error        // why the value does not encode, when it did not panic
	Stack []byte       // the stack where the hook panicked
}

// Error says which hook of which type failed, on what value, and how.
func (f *Fault) Error() string { return Message(f.Hook, f.Type.String(), f.Value, f.Panic, f.Err) }

// Message says that the hook of type typ failed on value: it panicked
// with p, or (p nil) returned a value that does not encode, for reason err.
func Message(hook, typ, value string, p any, err error) string {
	if p == nil && err != nil {
		return fmt.Sprintf("structfuzz: %s of %s returned a value that breaks its type's tags: %s; the value: %s",
			hook, typ, strings.TrimPrefix(err.Error(), "codec: "), value)
	}
	return fmt.Sprintf("structfuzz: %s of %s panicked on %s: %v", hook, typ, value, p)
}

// Unwrap returns the error the hook panicked with, or the codec's error.
func (f *Fault) Unwrap() error {
	if err, ok := f.Panic.(error); ok {
		return err
	}
	return f.Err
}

// Panicked turns r, recovered from the hook of type t called on v, into
// the *Fault to panic with. A *Fault from a hook called inside this one
// (a Mutate hook that mutates its parts, say) is returned as it is: the
// innermost hook is the one that failed.
func Panicked(hook string, t reflect.Type, v reflect.Value, r any) *Fault {
	if f, ok := r.(*Fault); ok {
		return f
	}
	return &Fault{Hook: hook, Type: t, Value: Readable(v), Panic: r, Stack: debug.Stack()}
}

// Broken is the *Fault of a hook of type t whose result v does not encode.
func Broken(hook string, t reflect.Type, v reflect.Value, err error) *Fault {
	return &Fault{Hook: hook, Type: t, Value: Readable(v), Err: err}
}

// CompactJSON is the codec's readable JSON of x (codec.MarshalReadable) on
// one line, or the codec's error for a value that does not encode.
func CompactJSON(x any) (string, error) {
	js, err := codec.MarshalReadable(x)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if json.Compact(&b, js) == nil {
		return b.String(), nil
	}
	return string(js), nil
}

// maxReadable bounds the readable form of a value in a message.
const maxReadable = 2000

// Readable renders v for a message: the codec's readable JSON, compact,
// when the value encodes, else Go syntax. It never panics and is at most about
// 2,000 bytes long.
func Readable(v reflect.Value) (s string) {
	defer func() {
		if recover() != nil {
			s = "(a value that cannot be printed)"
		}
	}()
	if !v.IsValid() {
		return "(no value)"
	}
	var x any
	if v.CanAddr() && v.Addr().CanInterface() {
		x = v.Addr().Interface()
	} else if v.CanInterface() {
		x = v.Interface()
	}
	if x == nil {
		return fmt.Sprintf("(a %v)", v.Type())
	}
	if js, err := CompactJSON(x); err == nil {
		s = js
	} else {
		s = fmt.Sprintf("%#v", x) // Go syntax: the value does not encode
	}
	if len(s) > maxReadable {
		s = s[:maxReadable] + "…"
	}
	return s
}
