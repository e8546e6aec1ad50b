package kvstore_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/kvstore"
)

func ExampleStore() {
	s := kvstore.NewStore()
	s.Put(1, 100)
	s.Snapshot()
	s.Put(1, 200)
	s.Put(2, 300)
	fmt.Println(s.Get(1))
	s.Rollback()
	fmt.Println(s.Get(1))
	fmt.Println(s.Keys())
	// Output:
	// 200 true
	// 100 true
	// [1]
}
