package enumchain

import "testing"

func TestSymbolString(t *testing.T) {
	tests := []struct {
		s    Symbol
		want string
	}{{A, "A"}, {D, "D"}, {H, "H"}, {Symbol(2), "Symbol(2)"}}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("Symbol(%d).String() = %q, want %q", uint8(tt.s), got, tt.want)
		}
	}
}

func TestSecretUsesDeclaredValues(t *testing.T) {
	valid := map[Symbol]bool{}
	for _, v := range Symbol(0).EnumValues() {
		valid[v] = true
	}
	for i, s := range Secret {
		if !valid[s] {
			t.Errorf("Secret[%d] = %d is not a declared Symbol", i, s)
		}
	}
}
