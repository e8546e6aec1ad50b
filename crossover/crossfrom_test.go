package crossover_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/crossover"
)

// CrossFrom makes the child Cross makes, whether or not it is given the
// parents' encodings, and returns the child's encoding after what buf
// held; with no child, buf and the first parent come back unchanged.
func TestCrossFromMatchesCross(t *testing.T) {
	prefix := []byte("keep")
	children, none := 0, 0
	for i := range 300 {
		a, b := parents(t, uint64(i))
		ea, _ := codec.Marshal(a)
		eb, _ := codec.Marshal(b)
		want := deepCopy(t, a)
		wantErr := crossover.Cross(&want, &b, uint64(i), 2048)
		wantEnc, _ := codec.Marshal(want)
		for _, given := range []struct {
			name       string
			dstEnc, eb []byte
		}{{"encodings given", ea, eb}, {"encodings computed", nil, nil}} {
			got := deepCopy(t, a)
			buf := append([]byte(nil), prefix...)
			out, err := crossover.Options{}.CrossFrom(&got, &b, given.dstEnc, given.eb, uint64(i), 2048, buf)
			if !errors.Is(err, wantErr) {
				t.Fatalf("run %d, %s: err %v, Cross gave %v", i, given.name, err, wantErr)
			}
			if !bytes.HasPrefix(out, prefix) {
				t.Fatalf("run %d, %s: the result lost what buf held: %q", i, given.name, out)
			}
			gotEnc, _ := codec.Marshal(got)
			if !bytes.Equal(gotEnc, wantEnc) {
				t.Fatalf("run %d, %s: a different child from Cross's", i, given.name)
			}
			if err != nil {
				if len(out) != len(prefix) || !bytes.Equal(gotEnc, ea) {
					t.Fatalf("run %d, %s: %v, but the result or the first parent changed", i, given.name, err)
				}
				continue
			}
			if !bytes.Equal(out[len(prefix):], gotEnc) {
				t.Fatalf("run %d, %s: returned encoding differs from the child's", i, given.name)
			}
		}
		if wantErr != nil {
			none++
		} else {
			children++
		}
		if !bytes.Equal(ea, mustMarshal(t, a)) || !bytes.Equal(eb, mustMarshal(t, b)) {
			t.Fatalf("run %d: the given encodings changed", i)
		}
	}
	if children == 0 || none == 0 {
		t.Logf("children %d, none %d", children, none)
	}
	if children == 0 {
		t.Fatal("no run made a child: the test checks nothing")
	}
}

// Equal parents have no child: buf comes back as it was.
func TestCrossFromEqualParents(t *testing.T) {
	a, _ := parents(t, 7)
	b := deepCopy(t, a)
	buf := []byte("keep")
	out, err := crossover.Options{}.CrossFrom(&a, &b, nil, nil, 1, 2048, buf)
	if !errors.Is(err, crossover.ErrNoChild) || string(out) != "keep" {
		t.Fatalf("CrossFrom of equal parents = %q, %v; want %q, ErrNoChild", out, err, "keep")
	}
}
