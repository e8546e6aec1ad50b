package walk_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
)

func ExampleEntries() {
	m := map[string]int{"bb": 2, "a": 1, "c": 3}
	p, _ := plan.For(reflect.TypeOf(m))
	for _, e := range walk.Entries(codec.Options{}, p, reflect.ValueOf(m)) {
		fmt.Print(e.K, "=", e.V, " ")
	}
	fmt.Println()
	// Output: a=1 c=3 bb=2
}

type wNode struct {
	Label []byte
	Next  *wNode
}

func TestCloneSharesNothing(t *testing.T) {
	orig := wNode{Label: []byte("x"), Next: &wNode{Label: []byte("y")}}
	p, err := plan.For(reflect.TypeFor[wNode]())
	if err != nil {
		t.Fatal(err)
	}
	c, err := walk.Clone(codec.Options{}, p, reflect.ValueOf(orig))
	if err != nil {
		t.Fatal(err)
	}
	cp := c.Interface().(wNode)
	if !reflect.DeepEqual(cp, orig) {
		t.Fatalf("clone %+v differs from %+v", cp, orig)
	}
	cp.Label[0], cp.Next.Label[0] = 'X', 'Y'
	if string(orig.Label) != "x" || string(orig.Next.Label) != "y" {
		t.Fatal("the clone shares memory with the original")
	}
}

func TestInsertAt(t *testing.T) {
	for at := 0; at <= 3; at++ {
		orig := []int{1, 2, 3}
		v := reflect.ValueOf(&orig).Elem()
		before := orig
		walk.InsertAt(v, at, reflect.ValueOf(9))
		want := append(append(append([]int{}, before[:at]...), 9), before[at:]...)
		if !reflect.DeepEqual(orig, want) {
			t.Errorf("at %d: %v, want %v", at, orig, want)
		}
		if before[0] != 1 || before[2] != 3 {
			t.Errorf("at %d: the old backing array changed", at)
		}
	}
}
