package backward

import (
	"testing"

	"github.com/structfuzz/structfuzz/examples/enumchain"
	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzBackward fuzzes Check with Go's own fuzzer: go test -fuzz=FuzzBackward.
func FuzzBackward(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

func syms(s ...enumchain.Symbol) *enumchain.Message { return &enumchain.Message{Symbols: s} }

const (
	A, B, C, D, E, F, G, H = enumchain.A, enumchain.B, enumchain.C, enumchain.D, enumchain.E, enumchain.F, enumchain.G, enumchain.H
)

func TestUnlock(t *testing.T) {
	tests := []struct {
		name string
		m    *enumchain.Message
		want int
	}{
		{"empty", syms(), 0},
		{"wrong", syms(A, A, A, A, A, A, A), 0},
		{"too short", syms(D, A, G, C, H, B), 0},
		{"last right", syms(A, A, A, A, A, A, E), 1},
		{"five right", syms(F, F, G, C, H, B, E), 5},
		{"longer, five right", syms(F, F, G, C, H, B, E, D), 5},
		{"all but first", syms(F, A, G, C, H, B, E), 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unlock(tt.m); got != tt.want {
				t.Fatalf("Unlock = %d, want %d", got, tt.want)
			}
		})
	}
}

const wantPanic = "enumchain: backward chain unlocked"

// TestPlantedBug checks the chain is real: the secret unlocks it.
func TestPlantedBug(t *testing.T) {
	if msg := crashtest.Panics(t, func() { Check(syms(enumchain.Secret[:]...)) }); msg != wantPanic {
		t.Fatalf("panic %q, want %q", msg, wantPanic)
	}
}

// TestCrashInput replays a crash input the fuzzer found (seed 1 of the
// measurements in ../README.md): it must panic with exactly wantPanic.
func TestCrashInput(t *testing.T) {
	m := crashtest.Load(t, target.Harness(), "testdata/crash/secret")
	if msg := crashtest.Panics(t, func() { Check(m) }); msg != wantPanic {
		t.Fatalf("panic %q, want %q", msg, wantPanic)
	}
}
