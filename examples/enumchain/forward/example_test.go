package forward_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/enumchain"
	"github.com/structfuzz/structfuzz/examples/enumchain/forward"
)

func ExampleUnlock() {
	m := &enumchain.Message{Symbols: enumchain.Secret[:5]}
	fmt.Println(forward.Unlock(m))
	// Output: 5
}
