package harness

import (
	"reflect"
	"strings"

	"github.com/structfuzz/structfuzz/internal/native"
)

// F is what Harness.Fuzz needs of a fuzz test's *testing.F. The standard
// library's *testing.F has it, and so has the F that go-118-fuzz-build
// (OSS-Fuzz's compile_native_go_fuzzer) substitutes for it when it turns a
// func FuzzX(f *testing.F) into a libFuzzer target.
type F interface {
	Helper()
	Fatal(args ...any)
	Log(args ...any)
	Add(args ...any)
	Fuzz(ff any)
}

// go118Package ends the import path of go-118-fuzz-build's stand-in for
// package testing, in forks too.
const go118Package = "/go-118-fuzz-build/testing"

// libFuzzerInput returns the input of one libFuzzer execution when f is
// go-118-fuzz-build's F, which carries it in its Data field.
func libFuzzerInput(f F) ([]byte, bool) {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	t := v.Elem().Type()
	if t.Name() != "F" || !strings.HasSuffix(t.PkgPath(), go118Package) {
		return nil, false
	}
	d := v.Elem().FieldByName("Data")
	if !d.IsValid() || d.Type() != reflect.TypeFor[[]byte]() {
		return nil, false
	}
	return d.Bytes(), true
}

// runNative runs one libFuzzer input given to Harness.Fuzz (see there):
// through the libFuzzer target that owns the harness (owner, the
// *Harness[T]), or else decoded leniently. It returns what Run does.
func (h *engine) runNative(owner any, data []byte) int {
	if r, ok := native.Run(owner, data); ok {
		return r
	}
	return h.runAs(data, true)
}
