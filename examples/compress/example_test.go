package compress_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/compress"
)

func ExampleOpen() {
	plain := "SFZ1\x02" + // version 2
		"\x02" + // two records
		"\x01\x01" + // an index of one entry: record 1
		"\x01\x05hello" + "\x02\x03\x00\x01\x02" // a text and a blob
	b, err := compress.Open(&compress.Upload{Name: "greeting", Body: compress.Deflate([]byte(plain))})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(b.Name, b.Version, len(b.Records), b.First[0].Data)
	// Output: greeting 2 2 [0 1 2]
}
