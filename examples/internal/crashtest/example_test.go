package crashtest_test

import (
	"fmt"
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// Panics returns the message of the panic a planted bug raises.
func ExamplePanics() {
	t := &testing.T{}
	msg := crashtest.Panics(t, func() {
		var refunds []int64
		_ = refunds[3]
	})
	fmt.Println(msg)
	// Output: runtime error: index out of range [3] with length 0
}
