package codec_test

import (
	"errors"
	"fmt"

	"github.com/structfuzz/structfuzz/codec"
)

// Op is an enum: its valid values are declared below, with a hole at 3.
type Op uint8

const (
	OpGet    Op = 1
	OpPut    Op = 2
	OpDelete Op = 4
)

// Body is a union: its variants are registered below.
type Body interface{ isBody() }

type Text struct {
	S string `fuzz:"maxlen=16,utf8"`
}

type Blob struct {
	Data []byte `fuzz:"maxlen=32"`
}

func (Text) isBody()  {}
func (*Blob) isBody() {}

// Request is what a fuzz target would take.
type Request struct {
	Op      Op
	Retries int8 `fuzz:"min=0,max=3"`
	Body    Body
	Headers map[string]string `fuzz:"maxlen=4"`
	cache   int               // unexported: not encoded
}

func init() {
	codec.RegisterEnum(OpGet, OpPut, OpDelete)
	codec.RegisterUnion[Body](Text{}, &Blob{})
}

func ExampleMarshal() {
	req := Request{Op: OpPut, Retries: 2, Body: &Blob{Data: []byte{0xde, 0xad}}}
	b, err := codec.Marshal(req)
	if err != nil {
		panic(err)
	}
	fmt.Printf("% x\n", b)

	var back Request
	if err := codec.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	fmt.Printf("%v %d %x\n", back.Op, back.Retries, back.Body.(*Blob).Data)
	// Output:
	// 02 02 02 00 01 02 00 00 00 de ad ff ff ff ff
	// 2 2 dead
}

func ExampleUnmarshal() {
	// Op 3 is not a declared value.
	var req Request
	err := codec.Unmarshal([]byte{3, 0, 0, 0, 0, 0, 0, 0}, &req)
	fmt.Println(err)
	fmt.Println(errors.Is(err, codec.ErrRange))
	// Output:
	// codec: unmarshal Request.Op at offset 0: value out of range: 3 is not a declared value of codec_test.Op
	// true
}

func ExampleUnmarshalLenient() {
	// Any bytes decode: the invalid op, retry count and union tag are
	// mapped to valid ones, and the missing bytes read as zeros.
	var req Request
	if err := codec.UnmarshalLenient([]byte{3, 9, 5, 0}, &req); err != nil {
		panic(err)
	}
	fmt.Printf("op=%d retries=%d body=%T headers=%v\n", req.Op, req.Retries, req.Body, req.Headers)

	// The result always passes the strict codec.
	b, err := codec.Marshal(req)
	fmt.Println(len(b), err)
	// Output:
	// op=1 retries=1 body=*codec_test.Blob headers=map[]
	// 9 <nil>
}

func ExampleSize() {
	n, err := codec.Size(Request{Op: OpGet, Body: Text{S: "hi"}})
	fmt.Println(n, err)
	// Output: 14 <nil>
}

func ExampleOptions() {
	type Node struct{ Next *Node }
	list := &Node{Next: &Node{Next: &Node{}}}
	_, err := codec.Options{MaxDepth: 1}.Marshal(list)
	fmt.Println(errors.Is(err, codec.ErrDepth))
	// Output: true
}

// Record is 64 KiB in memory but one byte in its encoding: the skipped
// field encodes to nothing.
type Record struct {
	Scratch [1 << 16]byte `fuzz:"-"`
	Kind    uint8
}

// Decoding may allocate MaxMemory (4 MiB by default) plus MemoryPerByte
// (16) bytes per input byte. A 104-byte input that asks for 100 Records
// (6.5 MB) is rejected strictly and cut leniently; a larger MaxMemory
// accepts it.
func ExampleOptions_maxMemory() {
	input := append([]byte{100, 0, 0, 0}, make([]byte, 100)...)
	var recs []Record
	err := codec.Unmarshal(input, &recs)
	fmt.Println(errors.Is(err, codec.ErrMemory))
	fmt.Println(err)

	codec.Options{Lenient: true}.Unmarshal(input, &recs)
	fmt.Println("lenient:", len(recs), "records")

	big := codec.Options{MaxMemory: 16 << 20}
	err = big.Unmarshal(input, &recs)
	fmt.Println("MaxMemory 16 MiB:", err, len(recs), "records")
	// Output:
	// true
	// codec: unmarshal []codec_test.Record at offset 0: memory budget exceeded: 100 elements of codec_test.Record (65537 bytes each) needs 8192216 bytes; 0 are allocated, and the budget for the first 104 input bytes is 4195968 (MaxMemory 4194304 + 16 per byte)
	// lenient: 51 records
	// MaxMemory 16 MiB: <nil> 100 records
}

// Memory tells what decoding a value's encoding charges against the
// budget: two Records cost two 64 KiB elements (and the allocator's
// rounding) for a 6-byte encoding.
func ExampleOptions_Memory() {
	mem, size, err := codec.Options{}.Memory([]Record{{Kind: 1}, {Kind: 2}})
	fmt.Println(mem, size, err)
	fmt.Println("budget for 6 bytes:", codec.Options{}.MemoryBudget(6))
	// Output:
	// 163860 6 <nil>
	// budget for 6 bytes: 4194400
}

// A oneof tag closes a string (or integer) field over the values listed.
// The encoding is the plain string's; the strict codec refuses any other
// value, and the lenient decoder maps it to one of the list.
func ExampleMarshal_oneof() {
	type Call struct {
		Method string `fuzz:"oneof=GET|POST|PUT"`
	}
	_, err := codec.Marshal(Call{Method: "PATCH"})
	fmt.Println(err)

	other, _ := codec.Marshal(struct{ Method string }{"PATCH"})
	var c Call
	_ = codec.UnmarshalLenient(other, &c)
	fmt.Println(c.Method)
	// Output:
	// codec: marshal Call.Method: value out of range: "PATCH" is not one of the oneof values ["GET" "POST" "PUT"]
	// POST
}
