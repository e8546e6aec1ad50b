package forward

import (
	"testing"

	"github.com/structfuzz/structfuzz/examples/enumchain"
	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzForward fuzzes Check with Go's own fuzzer: go test -fuzz=FuzzForward.
func FuzzForward(f *testing.F) {
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
		{"short prefix", syms(D, A, G), 3},
		{"six right", syms(D, A, G, C, H, B, A), 6},
		{"one right", syms(D, B, G, C, H, B, E), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Unlock(tt.m); got != tt.want {
				t.Fatalf("Unlock = %d, want %d", got, tt.want)
			}
		})
	}
}

const wantPanic = "enumchain: forward chain unlocked"

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
