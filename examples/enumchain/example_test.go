package enumchain_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/enumchain"
)

func ExampleSymbol() {
	fmt.Println(enumchain.Secret, uint8(enumchain.Secret[0]))
	// Output: [D A G C H B E] 15
}
