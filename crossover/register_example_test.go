package crossover_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"

	"github.com/structfuzz/structfuzz/crossover"
	"github.com/structfuzz/structfuzz/hook"
)

// Route keeps its prefix and gateway consistent: a crossover takes both
// from the donor or neither, which a CrossOver method says.
type Route struct {
	Prefix  string
	Gateway string
}

// CrossOver is Route's crossover hook: the whole donor, or the receiver
// unchanged.
func (r *Route) CrossOver(other *Route, rnd *rand.Rand) {
	if rnd.IntN(2) == 0 {
		*r = *other
	}
}

// A CrossOver method replaces the built-in crossover of its type.
func Example_crossOverHook() {
	type Table struct{ Routes [2]Route }
	for seed := uint64(1); seed <= 3; seed++ {
		a := Table{Routes: [2]Route{{"10.0.0.0/8", "10.0.0.1"}, {"0.0.0.0/0", "192.168.1.1"}}}
		b := Table{Routes: [2]Route{{"fd00::/8", "fd00::1"}, {"::/0", "fe80::1"}}}
		if err := crossover.Cross(&a, &b, seed, 256); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s via %s; %s via %s\n", a.Routes[0].Prefix, a.Routes[0].Gateway, a.Routes[1].Prefix, a.Routes[1].Gateway)
	}
	// Output:
	// 10.0.0.0/8 via 10.0.0.1; fd00::/8 via fd00::1
	// 10.0.0.0/8 via 10.0.0.1; ::/0 via fe80::1
	// fd00::/8 via fd00::1; 0.0.0.0/0 via 192.168.1.1
}

// Register gives a type you do not own a crossover hook, from init
// usually: here, netip.Prefix takes the donor's address with its own
// length.
func ExampleRegister() {
	crossover.Register(func(dst, donor *netip.Prefix, _ hook.Context) {
		if p, err := donor.Addr().Prefix(dst.Bits()); err == nil {
			*dst = p
		}
	})
	type Net struct{ P netip.Prefix }
	a := Net{netip.MustParsePrefix("10.1.0.0/16")}
	b := Net{netip.MustParsePrefix("192.168.7.9/32")}
	err := crossover.Cross(&a, &b, 1, 128)
	fmt.Println(a.P, err)
	// Output: 192.168.0.0/16 <nil>
}
