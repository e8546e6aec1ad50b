package config

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzConfig fuzzes Check with Go's own fuzzer: go test -fuzz=FuzzConfig.
func FuzzConfig(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

// valid returns a small valid configuration.
func valid() *Config {
	return &Config{
		Server: Server{Port: 8080, AdminPort: 9090, TLS: TLSRequired, HandshakeTimeout: 2 * time.Second},
		Log:    Logging{Level: Info},
		Backends: map[string]Backend{
			"api":    {Addr: "10.0.0.1:8000", Weight: 3, Timeout: 5 * time.Second, TLS: TLSRequired},
			"static": {Weight: 1, TLS: TLSOff, Retry: &RetryPolicy{Attempts: 1, Backoff: time.Millisecond, MaxBackoff: time.Millisecond}},
		},
		Routes: []Route{{Prefix: "/", Backend: "static"}, {Prefix: "/api/", Backend: "api"}},
		Retry:  RetryPolicy{Attempts: 4, Backoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		err    string // "" for valid
	}{
		{"valid", func(c *Config) {}, ""},
		{"same ports", func(c *Config) { c.Server.AdminPort = c.Server.Port }, "both 8080"},
		{"silent debug", func(c *Config) { c.Log.Level = Debug }, "logs nothing"},
		{"no backends", func(c *Config) { c.Backends = nil }, "at least one is required"},
		{"no attempts", func(c *Config) { c.Retry.Attempts = 0 }, "attempts"},
		{"backoff above max", func(c *Config) { c.Retry.MaxBackoff = time.Millisecond }, "backoff <= max backoff"},
		{"bad name", func(c *Config) { c.Backends["a b"] = Backend{} }, "bad name"},
		{"bad override", func(c *Config) { c.Backends["x"] = Backend{Retry: &RetryPolicy{}} }, `backends["x"].retry`},
		{"backoff over timeout", func(c *Config) { c.Backends["x"] = Backend{Timeout: 50 * time.Millisecond} }, "does not fit"},
		{"backoff over handshake", func(c *Config) {
			c.Backends["x"] = Backend{Timeout: 2050 * time.Millisecond, TLS: TLSRequired}
		}, "does not fit"},
		{"no routes", func(c *Config) { c.Routes = nil }, "routes: at least one"},
		{"relative prefix", func(c *Config) { c.Routes[0].Prefix = "api" }, "must start with /"},
		{"dangling route", func(c *Config) { c.Routes[0].Backend = "nope" }, `no backend "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.change(c)
			err := Validate(c)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("Validate = %v, want an error containing %q", err, tt.err)
			}
			Check(c)
		})
	}
}

func TestLoad(t *testing.T) {
	p := Load(valid())
	api := p.Pools["api"]
	if api.Deadline != 3*time.Second || fmt.Sprint(api.Delays) != "[100ms 200ms 400ms 400ms]" || api.MaxDelay != 400*time.Millisecond {
		t.Fatalf("api pool %+v", api)
	}
	if s := p.Pools["static"]; s.Addr != "static:80" || s.Weight != 1 || s.Deadline != 30*time.Second || len(s.Delays) != 1 {
		t.Fatalf("static pool %+v", s)
	}
	if got := p.Route("/api/users"); got != api {
		t.Fatalf("Route(/api/users) = %+v", got)
	}
	if got := p.Route("/index.html"); got != p.Pools["static"] {
		t.Fatalf("Route(/index.html) = %+v", got)
	}
}

func TestSchedule(t *testing.T) {
	p := RetryPolicy{Attempts: 5, Backoff: time.Second, MaxBackoff: 3 * time.Second}
	tests := []struct {
		budget time.Duration
		want   string
	}{
		{time.Hour, "[1s 2s 3s 3s 3s]"},
		{6 * time.Second, "[1s 2s 3s]"},
		{time.Second, "[1s]"},
		{time.Second - 1, "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(schedule(tt.budget, p)); got != tt.want {
			t.Errorf("schedule(%v) = %s, want %s", tt.budget, got, tt.want)
		}
	}
}

func TestPostProcess(t *testing.T) {
	c := valid()
	c.PostProcess(rand.New(rand.NewPCG(1, 2)))
	if want := valid(); fmt.Sprint(c.Routes) != fmt.Sprint(want.Routes) {
		t.Fatalf("PostProcess changed valid routes: %v", c.Routes)
	}
	c.Routes = append(c.Routes, Route{Prefix: "/x", Backend: "gone"})
	c.PostProcess(rand.New(rand.NewPCG(1, 2)))
	if _, ok := c.Backends[c.Routes[2].Backend]; !ok {
		t.Fatalf("PostProcess left a dangling route: %v", c.Routes[2])
	}
}

// Regression: PostProcess pointed a dangling route at a backend whose
// name is not valid UTF-8, which breaks Route.Backend's utf8 tag; the
// pipeline reported it as a hook whose result breaks its type's tags.
func TestPostProcessKeepsTags(t *testing.T) {
	for seed := range uint64(20) {
		c := valid()
		c.Backends = map[string]Backend{"\xff\xfe": {Weight: 1, TLS: TLSOff}, "ok": {Weight: 1, TLS: TLSOff}}
		c.Routes = []Route{{Prefix: "/a", Backend: "gone"}, {Prefix: "/b", Backend: "gone too"}}
		c.PostProcess(rand.New(rand.NewPCG(seed, 2)))
		if _, err := codec.Marshal(c); err != nil {
			t.Fatalf("seed %d: the repaired configuration does not encode: %v", seed, err)
		}
		for _, r := range c.Routes {
			if r.Backend != "ok" {
				t.Fatalf("seed %d: route %v points at a backend that is not valid UTF-8 or not there", seed, r)
			}
		}
	}
	c := valid()
	c.Backends = map[string]Backend{"\xff": {Weight: 1, TLS: TLSOff}}
	c.Routes = []Route{{Prefix: "/a", Backend: "gone"}}
	c.PostProcess(rand.New(rand.NewPCG(1, 2)))
	if c.Routes[0].Backend != "gone" {
		t.Fatalf("with no UTF-8 backend name the route was pointed at %q", c.Routes[0].Backend)
	}
}

const wantPanic = "index out of range [-1]"

// TestPlantedBug checks the example's bug is real: a mutual-TLS backend
// whose timeout fits the backoff but not the handshake plus the backoff
// passes Validate and crashes Load.
func TestPlantedBug(t *testing.T) {
	c := valid()
	c.Backends["api"] = Backend{Weight: 1, Timeout: 2050 * time.Millisecond, TLS: TLSMutual}
	if err := Validate(c); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	crashtest.MustPanic(t, wantPanic, func() { Check(c) })
}

// TestCrashInput replays a crash input the fuzzer found (seed 10 of the
// measurements in README.md).
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/mutual-tls-backoff", wantPanic)
}
