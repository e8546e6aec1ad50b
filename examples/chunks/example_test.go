package chunks_test

import (
	"fmt"

	"github.com/structfuzz/structfuzz/examples/chunks"
)

func ExampleDecodeConfig() {
	ihdr := []byte{0, 0, 0, 16, 0, 0, 0, 8, 8, chunks.Paletted, 0, 0, 0} // 16x8, 8 bits
	s := &chunks.Stream{Chunks: []chunks.Chunk{
		{Type: chunks.IHDR, Data: ihdr},
		{Type: chunks.PLTE, Data: []byte{0xff, 0, 0, 0, 0, 0xff}},
		{Type: chunks.TRNS, Data: []byte{0x80}},
		{Type: chunks.IDAT, Data: []byte("pixels")},
		{Type: chunks.IEND},
	}}
	for i := range s.Chunks {
		s.Chunks[i].PostProcess(nil) // fill in Length and CRC
	}
	cfg, err := chunks.DecodeConfig(s.Encode())
	fmt.Println(cfg.Width, cfg.Height, cfg.Palette, err)
	// Output: 16 8 [{255 0 0 128} {0 0 255 255}] <nil>
}
