package harness_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/harness"
	"github.com/structfuzz/structfuzz/mutator"
	"github.com/structfuzz/structfuzz/postprocess"
)

type apiNode interface{ isAPINode() }

type apiLeaf struct{ N int }

func (apiLeaf) isAPINode() {}

// Every registration rejects a nil function (or a nil variant) at the
// call, naming the package and the type: a nil hook would otherwise fail
// far away, at the first value that reaches it.
func TestRegisterRejectsNil(t *testing.T) {
	type reg struct{ A int }
	h := harness.New(func(*reg) {}, harness.Options{})
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"mutator.Register", func() { mutator.Register[reg](nil) }, "mutator: Register[harness_test.reg]: nil function"},
		{"crossover.Register", func() { crossover.Register[reg](nil) }, "crossover: Register[harness_test.reg]: nil function"},
		{"postprocess.Register", func() { postprocess.Register[reg](nil) }, "postprocess: Register[harness_test.reg]: nil function"},
		{"codec.RegisterUnion", func() { codec.RegisterUnion[apiNode](apiLeaf{}, nil) }, "RegisterUnion[harness_test.apiNode]: variant 1 is a nil interface value"},
		{"Harness.SetParse", func() { h.SetParse(nil) }, "SetParse on the harness of harness_test.reg: nil function"},
		{"Harness.SetRender", func() { h.SetRender(nil) }, "SetRender on the harness of harness_test.reg: nil function"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := fmt.Sprint(recover()); !strings.Contains(r, tc.want) {
					t.Errorf("recover() = %q, want %q", r, tc.want)
				}
			}()
			tc.call()
		})
	}
	// The registrations that were refused left nothing behind.
	var r reg
	if err := mutator.New(1).Mutate(&r, 64); err != nil {
		t.Fatal(err)
	}
}

// Errors wrap what they are about: errors.Is finds the codec's sentinel
// through Harness.Check, and errors.As a type error through the codec.
func TestErrorsWrap(t *testing.T) {
	type msg struct{ A uint32 }
	h := harness.New(func(*msg) {}, harness.Options{})
	_, err := h.Check("short", []byte{1})
	if !errors.Is(err, harness.ErrNotDecodable) || !errors.Is(err, codec.ErrShortInput) {
		t.Errorf("Check of a short input: %v; want it to match ErrNotDecodable and codec.ErrShortInput", err)
	}
	type bad struct{ C chan int }
	_, err = codec.Marshal(bad{})
	var te *codec.TypeError
	if !errors.As(err, &te) || te.Path != "bad.C" || !errors.Is(err, codec.ErrUnsupportedType) {
		t.Errorf("Marshal of a chan field: %v; want a *codec.TypeError at bad.C", err)
	}
}
