package postprocess_test

import (
	"fmt"
	"hash/crc32"
	"math/rand/v2"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/postprocess"
)

// Packet carries a checksum of its payload. Mutation changes Payload and
// Sum independently, so almost every mutated packet would fail the
// target's checksum test before reaching anything interesting;
// PostProcess repairs it.
type Packet struct {
	Payload []byte `fuzz:"maxlen=64"`
	Sum     uint32
}

// PostProcess sets Sum to the CRC-32 of Payload. It is deterministic and
// leaves a packet with a correct Sum alone.
func (p *Packet) PostProcess(r *rand.Rand) {
	p.Sum = crc32.ChecksumIEEE(p.Payload)
}

func ExampleApply() {
	// Bytes as an engine might produce them: payload "hi", a wrong sum.
	in := []byte{2, 0, 0, 0, 'h', 'i', 0xEF, 0xBE, 0xAD, 0xDE}

	var p Packet
	if err := codec.UnmarshalLenient(in, &p); err != nil {
		panic(err)
	}
	fmt.Printf("decoded: %q %#08x\n", p.Payload, p.Sum)

	if err := postprocess.Apply(&p, 1); err != nil {
		panic(err)
	}
	fmt.Printf("fixed:   %q %#08x ok=%v\n", p.Payload, p.Sum, p.Sum == crc32.ChecksumIEEE([]byte("hi")))

	out, err := codec.Marshal(&p)
	if err != nil {
		panic(err)
	}
	fmt.Printf("encoded: % x\n", out)
	// Output:
	// decoded: "hi" 0xdeadbeef
	// fixed:   "hi" 0xd8932aac ok=true
	// encoded: 02 00 00 00 68 69 ac 2a 93 d8
}
