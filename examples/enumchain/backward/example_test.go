package backward_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/enumchain"
	"github.com/structfuzz/structfuzz/examples/enumchain/backward"
)

func ExampleUnlock() {
	m := &enumchain.Message{Symbols: enumchain.Secret[:5]}
	fmt.Println(backward.Unlock(m))
	// Output: 0
}
