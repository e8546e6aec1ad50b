package tomlmodel

import (
	"testing"

	"github.com/structfuzz/structfuzz/benchmarks/reallibs/internal/modeltest"
)

// The renderer writes every kind of value and key, and a full document
// goes through the codec.
func TestRender(t *testing.T) {
	d := &Doc{
		Root: []KeyVal{
			{Key: []Key{{Name: "title"}}, Val: Str{S: "a \"q\""}},
			{Key: []Key{{Name: "n"}}, Val: Int{Base: 1, N: 255}},
			{Key: []Key{{Quote: 1, Name: "k.x"}, {Quote: 2, Name: "y"}}, Val: Int{Sign: 2, N: 1234567, Underscores: true}},
			{Key: []Key{{Name: "f"}}, Val: Float{F: 2}},
			{Key: []Key{{Name: "when"}}, Val: DateTime{Year: 2019, Month: 11, Day: 23, Hour: 6, Min: 49, Sec: 59, UTC: true}},
			{Key: []Key{{Name: "a"}}, Val: Array{Items: []Value{Bool{B: true}, Float{Special: 3}}, Trailing: true}},
			{Key: []Key{{Name: "t"}}, Val: Inline{Pairs: []KeyVal{{Key: []Key{{Name: "x"}}, Val: Int{N: 1}}}}},
		},
		Tables: []Table{{Array: true, Name: []Key{{Name: "srv"}}, Pairs: []KeyVal{{Key: []Key{{Name: "ip"}}, Val: Str{Kind: 1, S: "10.0.0.1"}}}}},
	}
	modeltest.Check(t, d, &Doc{}, `title = "a \"q\""`, "n = 0xff", `"k.x".'y' = -1_234_567`, "f = 2.0", "when = 2019-11-23T06:49:59Z", "a = [true, -inf,]", "t = { x = 1 }", "[[srv]]\nip = '10.0.0.1'")
}
