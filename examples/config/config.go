// Package config loads the configuration of a small reverse proxy: a
// listener, logging, named backends with their own timeouts, TLS modes and
// retry policies, and routes from path prefixes to backends. Validate rejects
// inconsistent configurations; Load turns a valid one into the runtime form
// (per-backend retry schedules, a route table).
//
// The planted bug is in Validate. It checks that each backend's first retry
// fits in the time left after the TLS handshake, but it decides whether a
// backend performs a handshake with a switch that predates mutual TLS: a
// backend in TLSMutual mode is validated as if it had no handshake. Load
// subtracts the handshake for every mode that verifies certificates, so such a
// backend with Backoff <= Timeout < Backoff + HandshakeTimeout gets an empty
// retry schedule, and Load indexes its last entry (index out of range [-1]).
// Reaching it takes an otherwise valid configuration (distinct ports, routes
// naming existing backends, sane retry policies), a mutual-TLS backend in the
// map, and three durations in the right relation.
package config

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// LogLevel is the minimum level of logged messages.
type LogLevel uint8

// The log levels.
const (
	Debug LogLevel = 1
	Info  LogLevel = 2
	Warn  LogLevel = 3
	Error LogLevel = 4
)

// EnumValues declares the valid log levels to structfuzz.
func (LogLevel) EnumValues() []LogLevel { return []LogLevel{Debug, Info, Warn, Error} }

// String names the level.
func (l LogLevel) String() string {
	switch l {
	case Debug:
		return "debug"
	case Info:
		return "info"
	case Warn:
		return "warn"
	case Error:
		return "error"
	}
	return fmt.Sprintf("LogLevel(%d)", uint8(l))
}

// TLSMode says how a connection uses TLS.
type TLSMode uint8

// The TLS modes. The values are bit flags of what the mode does.
const (
	TLSOff      TLSMode = 1  // plain TCP
	TLSOptional TLSMode = 2  // TLS if the peer offers it, unverified
	TLSRequired TLSMode = 6  // TLS, server certificate verified
	TLSMutual   TLSMode = 14 // TLS, both certificates verified (added in v2)
)

// EnumValues declares the valid TLS modes to structfuzz.
func (TLSMode) EnumValues() []TLSMode { return []TLSMode{TLSOff, TLSOptional, TLSRequired, TLSMutual} }

// String names the mode.
func (m TLSMode) String() string {
	switch m {
	case TLSOff:
		return "off"
	case TLSOptional:
		return "optional"
	case TLSRequired:
		return "required"
	case TLSMutual:
		return "mutual"
	}
	return fmt.Sprintf("TLSMode(%d)", uint8(m))
}

// verifies reports whether the mode verifies certificates, which costs a
// full handshake before the first request.
func (m TLSMode) verifies() bool { return m&4 != 0 }

// Config is the whole configuration, and the fuzz input.
type Config struct {
	Server   Server
	Log      Logging
	Backends map[string]Backend `fuzz:"maxlen=4"`
	Routes   []Route            `fuzz:"maxlen=6"`
	// Retry is the retry policy of backends that do not set their own.
	Retry RetryPolicy
}

// Server configures the listener.
type Server struct {
	Port      uint16 `fuzz:"min=1024"`
	AdminPort uint16 `fuzz:"min=1024"`
	TLS       TLSMode
	// ReadTimeout and WriteTimeout bound a client request, up to 2m;
	// zero means no limit.
	ReadTimeout  time.Duration `fuzz:"min=0,max=120000000000"`
	WriteTimeout time.Duration `fuzz:"min=0,max=120000000000"`
	// HandshakeTimeout bounds a TLS handshake with a backend, up to 30s;
	// zero means 10s.
	HandshakeTimeout time.Duration `fuzz:"min=0,max=30000000000"`
}

// Logging configures the log.
type Logging struct {
	Level LogLevel
	// SamplePercent is the share of debug messages kept.
	SamplePercent uint8 `fuzz:"max=100"`
}

// Backend is an upstream server. Zero fields take defaults: the address
// NAME:80, weight 1, a timeout of 30s.
type Backend struct {
	Addr   string `fuzz:"maxlen=24,utf8"`
	Weight uint8
	// Timeout bounds one request to the backend, handshake and retries
	// included: up to 60s.
	Timeout time.Duration `fuzz:"min=0,max=60000000000"`
	TLS     TLSMode
	// Retry overrides the global retry policy.
	Retry *RetryPolicy
}

// RetryPolicy says how often and how patiently to retry a failed request.
type RetryPolicy struct {
	Attempts uint8 `fuzz:"max=10"`
	// Backoff is the first delay; each next one doubles, up to MaxBackoff.
	Backoff    time.Duration `fuzz:"min=0,max=10000000000"`
	MaxBackoff time.Duration `fuzz:"min=0,max=60000000000"`
}

// Route sends requests whose path starts with Prefix to a backend.
type Route struct {
	Prefix  string `fuzz:"maxlen=16,utf8"`
	Backend string `fuzz:"utf8"`
}

const (
	defaultHandshake = 10 * time.Second
	defaultTimeout   = 30 * time.Second
)

func (b *Backend) timeout() time.Duration {
	if b.Timeout == 0 {
		return defaultTimeout
	}
	return b.Timeout
}

func (b *Backend) addr(name string) string {
	if b.Addr == "" {
		return name + ":80"
	}
	return b.Addr
}

func (s *Server) handshake() time.Duration {
	if s.HandshakeTimeout == 0 {
		return defaultHandshake
	}
	return s.HandshakeTimeout
}

// policy is the retry policy backend b uses.
func (c *Config) policy(b *Backend) RetryPolicy {
	if b.Retry != nil {
		return *b.Retry
	}
	return c.Retry
}

// Validate reports the first problem with c, or nil.
func Validate(c *Config) error {
	s := &c.Server
	if s.Port == s.AdminPort {
		return fmt.Errorf("server: port and admin port are both %d", s.Port)
	}
	if c.Log.Level == Debug && c.Log.SamplePercent == 0 {
		return fmt.Errorf("log: debug level with a sample of 0%% logs nothing")
	}
	if len(c.Backends) == 0 {
		return fmt.Errorf("backends: at least one is required")
	}
	if err := validRetry("retry", c.Retry); err != nil {
		return err
	}
	for _, name := range sortedNames(c.Backends) {
		b := c.Backends[name]
		where := fmt.Sprintf("backends[%q]", name)
		if name == "" || strings.ContainsAny(name, "/ ") {
			return fmt.Errorf("%s: bad name", where)
		}
		if b.Retry != nil {
			if err := validRetry(where+".retry", *b.Retry); err != nil {
				return err
			}
		}
		// The first retry must fit in what the timeout leaves after the
		// TLS handshake.
		avail := b.timeout()
		switch b.TLS {
		case TLSRequired: // BUG: TLSMutual, added later, handshakes too
			avail -= s.handshake()
		}
		if p := c.policy(&b); p.Backoff > avail {
			return fmt.Errorf("%s: backoff %v does not fit in the timeout %v", where, p.Backoff, avail)
		}
	}
	if len(c.Routes) == 0 {
		return fmt.Errorf("routes: at least one is required")
	}
	for i, r := range c.Routes {
		if !strings.HasPrefix(r.Prefix, "/") {
			return fmt.Errorf("routes[%d]: prefix %q must start with /", i, r.Prefix)
		}
		if _, ok := c.Backends[r.Backend]; !ok {
			return fmt.Errorf("routes[%d]: no backend %q", i, r.Backend)
		}
	}
	return nil
}

func validRetry(where string, p RetryPolicy) error {
	if p.Attempts == 0 {
		return fmt.Errorf("%s: attempts must be at least 1", where)
	}
	if p.Backoff <= 0 || p.MaxBackoff < p.Backoff {
		return fmt.Errorf("%s: need 0 < backoff <= max backoff", where)
	}
	return nil
}

func sortedNames(m map[string]Backend) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// PostProcess repairs the references that random mutation breaks: a route
// naming no backend is pointed at one of the backends, chosen with r. It is
// a structfuzz hook (see package postprocess); it leaves a configuration
// whose routes all resolve unchanged. Only backends whose names are valid
// UTF-8 can be chosen: Route.Backend is tagged utf8, and a hook's result
// must keep its type's tags (structfuzz reports one that does not).
func (c *Config) PostProcess(r *rand.Rand) {
	var names []string // the backends a route may be pointed at, when needed
	for i := range c.Routes {
		if _, ok := c.Backends[c.Routes[i].Backend]; ok {
			continue
		}
		if names == nil {
			names = []string{}
			for _, name := range sortedNames(c.Backends) {
				if utf8.ValidString(name) {
					names = append(names, name)
				}
			}
		}
		if len(names) == 0 {
			return
		}
		c.Routes[i].Backend = names[r.IntN(len(names))]
	}
}

// Pool is the runtime form of a backend.
type Pool struct {
	Name     string
	Addr     string
	Weight   int
	Deadline time.Duration   // time for the request itself, after the handshake
	Delays   []time.Duration // the retry delays that fit in the deadline
	MaxDelay time.Duration   // the longest of them, for the circuit breaker
}

// Proxy is the runtime form of a configuration.
type Proxy struct {
	Listen string
	Pools  map[string]*Pool
	Routes []Route // longest prefix first
}

// Load turns a configuration that Validate accepted into a Proxy.
func Load(c *Config) *Proxy {
	p := &Proxy{Listen: fmt.Sprintf(":%d", c.Server.Port), Pools: make(map[string]*Pool)}
	for _, name := range sortedNames(c.Backends) {
		b := c.Backends[name]
		deadline := b.timeout()
		if b.TLS.verifies() {
			deadline -= c.Server.handshake()
		}
		delays := schedule(deadline, c.policy(&b))
		p.Pools[name] = &Pool{
			Name:     name,
			Addr:     b.addr(name),
			Weight:   max(int(b.Weight), 1),
			Deadline: deadline,
			Delays:   delays,
			MaxDelay: delays[len(delays)-1], // Validate made sure the first fits
		}
	}
	p.Routes = append(p.Routes, c.Routes...)
	sort.SliceStable(p.Routes, func(i, j int) bool { return len(p.Routes[i].Prefix) > len(p.Routes[j].Prefix) })
	return p
}

// schedule is the exponential backoff of p, cut off when the delays no
// longer fit in budget.
func schedule(budget time.Duration, p RetryPolicy) []time.Duration {
	var delays []time.Duration
	d, total := p.Backoff, time.Duration(0)
	for range p.Attempts {
		if total+d > budget {
			break
		}
		delays = append(delays, d)
		total += d
		d = min(2*d, p.MaxBackoff)
	}
	return delays
}

// Route returns the pool that serves path, or nil.
func (p *Proxy) Route(path string) *Pool {
	for _, r := range p.Routes {
		if strings.HasPrefix(path, r.Prefix) {
			return p.Pools[r.Backend]
		}
	}
	return nil
}

// Check runs the code under test on c; it is what the fuzz target calls. It
// loads every configuration Validate accepts and checks that every route
// leads to a pool.
func Check(c *Config) {
	if Validate(c) != nil {
		return
	}
	p := Load(c)
	for _, r := range c.Routes {
		if p.Route(r.Prefix) == nil {
			panic(fmt.Sprintf("config: route %q leads nowhere", r.Prefix))
		}
	}
}
