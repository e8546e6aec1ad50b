package mutator_test

import (
	"fmt"
	"net/netip"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/mutator"
)

func ExampleMutator_Mutate() {
	type Point struct {
		X, Y  int8
		Label string `fuzz:"maxlen=4,utf8"`
	}
	// Engines decode their input leniently, so any bytes give a value.
	var p Point
	if err := codec.UnmarshalLenient(nil, &p); err != nil {
		panic(err)
	}
	m := mutator.New(8) // the same seed gives the same mutations
	for range 6 {
		if err := m.Mutate(&p, 32); err != nil {
			panic(err)
		}
		fmt.Printf("X=%d Y=%d Label=%q\n", p.X, p.Y, p.Label)
	}
	// Output:
	// X=0 Y=-128 Label=""
	// X=16 Y=-128 Label=""
	// X=16 Y=-120 Label=""
	// X=16 Y=-116 Label=""
	// X=16 Y=-116 Label="~"
	// X=18 Y=-116 Label="~"
}

func ExampleRegister() {
	// netip.Addr is not ours to give a Mutate method, so register its
	// mutation (from init, usually): here, a few addresses worth trying.
	addrs := []netip.Addr{
		netip.MustParseAddr("127.0.0.1"),
		netip.MustParseAddr("::1"),
		netip.MustParseAddr("255.255.255.255"),
		netip.MustParseAddr("fe80::1%eth0"),
	}
	mutator.Register(func(a *netip.Addr, m *mutator.Mutator) {
		*a = addrs[m.Rand().IntN(len(addrs))]
	})

	type Dial struct {
		Peer netip.Addr
		TLS  bool
	}
	var d Dial
	m := mutator.New(3)
	for range 6 {
		if err := m.Mutate(&d, 64); err != nil {
			panic(err)
		}
		fmt.Println(d.Peer, d.TLS)
	}
	// Output:
	// fe80::1%eth0 false
	// 127.0.0.1 false
	// 127.0.0.1 true
	// 127.0.0.1 false
	// fe80::1%eth0 false
	// fe80::1%eth0 true
}

// One codec.Options value carries the limits that the codec, the mutator,
// crossover and post-processing must agree on.
func ExampleWithCodec() {
	type List struct {
		Next *List
	}
	limits := codec.Options{MaxDepth: 3}
	m := mutator.New(1, mutator.WithCodec(limits))
	var l List
	for range 50 {
		if err := m.Mutate(&l, 64); err != nil {
			panic(err)
		}
	}
	depth := 0
	for n := l.Next; n != nil; n = n.Next {
		depth++
	}
	_, err := limits.Marshal(&l)
	fmt.Println(depth <= 3, err)
	// Output: true <nil>
}

// The dictionary gives the mutator the words a target compares with. A
// binary built by `structfuzz build` fills it from the target's module;
// words of your own go in from init. (This example is the package's
// last: the dictionary it fills stays for the rest of the process.)
func ExampleAddDictionary() {
	mutator.AddDictionary([]string{"PATCH"}, []int64{8443})

	type request struct {
		Method string
		Port   uint16
	}
	m := mutator.New(1)
	var r request
	method, port := false, false
	for range 10000 {
		if err := m.Mutate(&r, 64); err != nil {
			panic(err)
		}
		method = method || r.Method == "PATCH"
		port = port || r.Port == 8443
	}
	fmt.Println("method PATCH:", method, "port 8443:", port)
	// Output: method PATCH: true port 8443: true
}
