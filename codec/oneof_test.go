package codec_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
)

type tRequest struct {
	Method string   `fuzz:"oneof=GET|POST|PUT"`
	Tags   []string `fuzz:"oneof=|a|bc,maxlen=3"`
	Port   uint16   `fuzz:"oneof=80|443|8080"`
	Delta  *int8    `fuzz:"oneof=-1|1"`
}

// A oneof tag is a constraint on values, not another encoding: the values
// encode as any string or integer, and the strict codec refuses others,
// naming the field.
func TestOneofStrict(t *testing.T) {
	one := int8(1)
	good := tRequest{Method: "POST", Tags: []string{"", "bc"}, Port: 443, Delta: &one}
	enc, err := codec.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := codec.Marshal(struct {
		Method string
		Tags   []string
		Port   uint16
		Delta  *int8
	}{"POST", []string{"", "bc"}, 443, &one})
	if string(enc) != string(plain) {
		t.Fatalf("oneof changed the encoding: %x, untagged %x", enc, plain)
	}
	var back tRequest
	if err := codec.Unmarshal(enc, &back); err != nil || back.Method != "POST" || back.Tags[1] != "bc" || back.Port != 443 || *back.Delta != 1 {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	minus := int8(-2)
	for _, tc := range []struct {
		name string
		v    tRequest
		path string
	}{
		{"string", tRequest{Method: "DELETE", Port: 80}, "tRequest.Method"},
		{"empty string", tRequest{Method: "", Port: 80}, "tRequest.Method"},
		{"slice element", tRequest{Method: "GET", Tags: []string{"a", "b"}, Port: 80}, "tRequest.Tags[1]"},
		{"integer", tRequest{Method: "GET", Port: 81}, "tRequest.Port"},
		{"integer through a pointer", tRequest{Method: "GET", Port: 80, Delta: &minus}, "tRequest.Delta"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := codec.Marshal(tc.v)
			var ce *codec.Error
			if !errors.Is(err, codec.ErrRange) || !errors.As(err, &ce) || ce.Path != tc.path {
				t.Fatalf("Marshal: %v, want ErrRange at %s", err, tc.path)
			}
			// The same bytes, written without the tag, do not decode.
			raw, err := codec.Marshal(struct {
				Method string
				Tags   []string
				Port   uint16
				Delta  *int8
			}{tc.v.Method, tc.v.Tags, tc.v.Port, tc.v.Delta})
			if err != nil {
				t.Fatal(err)
			}
			err = codec.Unmarshal(raw, new(tRequest))
			if !errors.Is(err, codec.ErrRange) || !errors.As(err, &ce) || ce.Path != tc.path || ce.Offset < 0 {
				t.Fatalf("Unmarshal: %v, want ErrRange at %s with an offset", err, tc.path)
			}
			if tc.name == "string" && !strings.Contains(err.Error(), `"DELETE"`) {
				t.Fatalf("the error does not name the value: %v", err)
			}
		})
	}
}

// The lenient decoder takes a choice for any other string, deterministic
// and spread over the choices, and keeps integers in the set.
func TestOneofLenient(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range []string{"DELETE", "", "x", "GETT", "PATCH", "OPTIONS", "HEAD", "get", "CONNECT", "TRACE"} {
		raw, _ := codec.Marshal(struct {
			Method string
			Tags   []string
			Port   uint16
		}{s, []string{s}, 1234})
		var a, b tRequest
		if err := codec.UnmarshalLenient(raw, &a); err != nil {
			t.Fatal(err)
		}
		if err := codec.UnmarshalLenient(raw, &b); err != nil {
			t.Fatal(err)
		}
		if a.Method != b.Method || a.Tags[0] != b.Tags[0] {
			t.Fatalf("%q decodes as %q and %q", s, a.Method, b.Method)
		}
		if _, err := codec.Marshal(a); err != nil {
			t.Fatalf("%q decodes leniently to %+v, which does not encode: %v", s, a, err)
		}
		seen[a.Method] = true
	}
	if len(seen) < 2 {
		t.Fatalf("ten strings all decode to %v", seen)
	}
	// Input that ends early reads zeros: an empty Method, Port 0; both
	// become choices.
	for _, in := range [][]byte{nil, {1}, {1, 0, 0, 0}, {3, 0, 0, 0, 'G', 'E'}} {
		var v tRequest
		if err := codec.UnmarshalLenient(in, &v); err != nil {
			t.Fatal(err)
		}
		if _, err := codec.Marshal(v); err != nil {
			t.Errorf("%x decodes leniently to %+v, which does not encode: %v", in, v, err)
		}
	}
}

// JSON input (structfuzz encode) is checked the same way.
func TestOneofJSON(t *testing.T) {
	if err := codec.UnmarshalReadable([]byte(`{"Method": "PUT", "Port": 8080}`), new(tRequest)); err != nil {
		t.Fatal(err)
	}
	err := codec.UnmarshalReadable([]byte(`{"Method": "PATCH", "Port": 8080}`), new(tRequest))
	if !errors.Is(err, codec.ErrRange) || !strings.Contains(err.Error(), "Method") {
		t.Fatalf("UnmarshalReadable: %v, want ErrRange at Method", err)
	}
}
