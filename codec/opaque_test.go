package codec_test

import (
	"errors"
	"math/big"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
)

type opaqueHolder struct {
	When time.Time
	Addr netip.Addr
	N    *big.Int
}

type opaqueLocked struct {
	Mu struct{ locked bool }
}

func TestOpaqueRoundTrip(t *testing.T) {
	v := opaqueHolder{
		When: time.Date(2026, 11, 22, 3, 4, 5, 6, time.UTC),
		Addr: netip.MustParseAddr("2001:db8::1"),
		N:    new(big.Int).Lsh(big.NewInt(3), 100),
	}
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back opaqueHolder
	if err := codec.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.When.Equal(v.When) || back.Addr != v.Addr || back.N.Cmp(v.N) != 0 {
		t.Fatalf("got %+v, want %+v", back, v)
	}
	again, err := codec.Marshal(back)
	if err != nil || !reflect.DeepEqual(again, b) {
		t.Fatalf("re-encoding differs: %v", err)
	}
}

func TestOpaqueRejected(t *testing.T) {
	var v opaqueHolder
	// A length of 3 and three bytes that time.Time does not accept.
	bad := []byte{3, 0, 0, 0, 9, 9, 9}
	err := codec.Unmarshal(bad, &v)
	var ce *codec.Error
	if !errors.Is(err, codec.ErrOpaque) || !errors.As(err, &ce) || ce.Path != "opaqueHolder.When" || ce.Offset != 0 {
		t.Fatalf("err = %v", err)
	}
	// Lenient decoding leaves the zero value, which encodes and decodes.
	if err := codec.UnmarshalLenient(bad, &v); err != nil {
		t.Fatal(err)
	}
	if !v.When.IsZero() || v.Addr.IsValid() || v.N != nil {
		t.Fatalf("lenient = %+v, want zero", v)
	}
	b, err := codec.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := codec.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
}

func TestOpaqueWithoutMethodsIsAnError(t *testing.T) {
	_, err := codec.Marshal(opaqueLocked{})
	if !errors.Is(err, codec.ErrUnsupportedType) {
		t.Fatalf("err = %v, want ErrUnsupportedType", err)
	}
	want := "opaqueLocked.Mu: struct { locked bool } has only unexported fields"
	if got := err.Error(); !strings.Contains(got, want) {
		t.Fatalf("err = %q, want it to contain %q", got, want)
	}
}

// The nil length FF FF FF FF is not an empty opaque value: accepted, it
// re-encoded as 00 00 00 00, so strict decoding was not canonical. Strict
// decoding rejects it as too long, naming the path; lenient decoding maps
// it to a value that encodes.
func TestOpaqueNilLengthRejected(t *testing.T) {
	nilLen := []byte{0xff, 0xff, 0xff, 0xff}
	tests := []struct {
		name string
		in   []byte
		new  func() any
		path string
	}{
		{"netip.Addr", nilLen, func() any { return new(netip.Addr) }, "Addr"},
		{"time.Time", nilLen, func() any { return new(time.Time) }, "Time"},
		{"opaqueHolder.Addr", append(append(tOpaqueZeroTime(t), nilLen...), 0), func() any { return new(opaqueHolder) }, "opaqueHolder.Addr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := codec.Unmarshal(tt.in, tt.new())
			var ce *codec.Error
			if !errors.Is(err, codec.ErrLength) || !errors.As(err, &ce) || ce.Path != tt.path {
				t.Fatalf("Unmarshal(% x) = %v, want ErrLength at %s", tt.in, err, tt.path)
			}
			v := tt.new()
			if err := codec.UnmarshalLenient(tt.in, v); err != nil {
				t.Fatal(err)
			}
			b, err := codec.Marshal(v)
			if err != nil {
				t.Fatalf("Marshal of the lenient result: %v", err)
			}
			if err := codec.Unmarshal(b, tt.new()); err != nil {
				t.Fatalf("the lenient result's encoding % x does not decode: %v", b, err)
			}
		})
	}
}

// tOpaqueZeroTime returns the encoding of a zero time.Time.
func tOpaqueZeroTime(t *testing.T) []byte {
	b, err := codec.Marshal(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
