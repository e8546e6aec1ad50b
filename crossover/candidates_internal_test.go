package crossover

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
)

type cItem struct {
	ID   uint8
	Tags []string `fuzz:"maxlen=3"`
}

type cDoc struct {
	Items []cItem `fuzz:"maxlen=6"`
	Index map[uint8]cItem
	Next  *cDoc
	Note  string
}

// Cross counts the candidates once per call and reuses the count for
// every attempt. That is right only if an attempt whose child encodes as
// the first parent leaves a value with the same candidates: check it on
// every such attempt, made as Cross makes them.
func TestCandidatesHoldAcrossAttempts(t *testing.T) {
	p, err := plan.For(reflect.TypeFor[cDoc]())
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for seed := range uint64(300) {
		var a, b cDoc
		mutated(t, seed, 20, 512, &a, &b)
		orig, _ := codec.Marshal(&a)
		x := crosserFor(seed, p, reflect.ValueOf(&b).Elem())
		v := reflect.ValueOf(&a).Elem()
		n := x.candidates(p, v)
		for range Attempts {
			if n == 0 {
				break
			}
			x.crossIn(p, v, n)
			out, err := codec.Marshal(&a)
			if err != nil || !bytes.Equal(out, orig) {
				x.log.Rollback()
				continue
			}
			x.log.Forget()
			same++
			if got := x.candidates(p, v); got != n {
				t.Fatalf("seed %d: an attempt that left the encoding unchanged changed the candidates from %d to %d", seed, n, got)
			}
		}
		if got := x.candidates(p, v); got != n {
			t.Fatalf("seed %d: after restores, %d candidates, want %d", seed, got, n)
		}
		x.release()
	}
	if same == 0 {
		t.Fatal("no attempt left the encoding unchanged: the test checks only restores")
	}
	t.Logf("%d attempts left the encoding unchanged", same)
}
