package libfuzzer_test

import (
	"fmt"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator/libfuzzer"
)

type Request struct {
	Method uint8  `fuzz:"min=1,max=3"`
	Path   string `fuzz:"maxlen=16,utf8"`
}

var handled []string

// The way a user's fuzz file registers the binary's one target.
var target = libfuzzer.Target(func(r *Request) { handled = append(handled, r.Path) })

func fuzzEntry(data []byte) int { return target.Fuzz(data) } // a user names it Fuzz

func TestFuzzRunsTheTarget(t *testing.T) {
	handled = nil
	in, err := codec.Marshal(Request{Method: 2, Path: "/a"})
	if err != nil {
		t.Fatal(err)
	}
	if fuzzEntry(in) != 0 || len(handled) != 1 || handled[0] != "/a" {
		t.Fatalf("Fuzz did not run the target: %v", handled)
	}
	if fuzzEntry([]byte{0xff}) != -1 || len(handled) != 1 {
		t.Fatalf("an input that does not decode reached the target")
	}
}

// In a plain go test binary libFuzzer is not linked: the package still
// links (LLVMFuzzerMutate is weak) and falls back to the pure-Go leaf.
func TestWithoutLibFuzzer(t *testing.T) {
	if libfuzzer.HaveLLVMFuzzerMutate() {
		t.Fatal("LLVMFuzzerMutate is linked into a plain test binary")
	}
	// The harness behind the target mutates without libFuzzer.
	in, _ := codec.Marshal(Request{Method: 1})
	out := target.Harness().Mutate(in, 64, 3)
	var r Request
	if err := codec.Unmarshal(out, &r); err != nil {
		t.Fatalf("the mutation pipeline made an invalid input: %v", err)
	}
}

func ExampleTarget() {
	// var target = libfuzzer.Target(func(r *Request) { handle(r) })
	// func Fuzz(data []byte) int { return target.Fuzz(data) }  (fuzzEntry here)
	in, _ := codec.Marshal(Request{Method: 3, Path: "/index.html"})
	handled = nil
	fmt.Println(fuzzEntry(in), handled)
	// Output: 0 [/index.html]
}
