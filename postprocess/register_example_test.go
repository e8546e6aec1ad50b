package postprocess_test

import (
	"fmt"
	"net/netip"

	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/postprocess"
)

// Register gives a type you do not own a PostProcess hook, from init
// usually: here every netip.Prefix is made canonical (its host bits
// cleared), as the code under test expects of a parsed prefix.
func ExampleRegister() {
	postprocess.Register(func(p *netip.Prefix, _ hook.Context) { *p = p.Masked() })
	type Rule struct {
		Allow []netip.Prefix
	}
	rule := Rule{Allow: []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8"), netip.MustParsePrefix("fe80::1/64")}}
	err := postprocess.Apply(&rule, 1)
	fmt.Println(rule.Allow, err)
	// Output: [10.0.0.0/8 fe80::/64] <nil>
}
