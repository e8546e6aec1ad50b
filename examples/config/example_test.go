package config_test

import (
	"fmt"
	"time"

	"github.com/structfuzz/structfuzz/examples/config"
)

func ExampleLoad() {
	c := &config.Config{
		Server:   config.Server{Port: 8443, AdminPort: 9000, TLS: config.TLSRequired},
		Log:      config.Logging{Level: config.Warn},
		Backends: map[string]config.Backend{"app": {Addr: "app.internal:8080", Timeout: 15 * time.Second, TLS: config.TLSRequired}},
		Routes:   []config.Route{{Prefix: "/", Backend: "app"}},
		Retry:    config.RetryPolicy{Attempts: 3, Backoff: 500 * time.Millisecond, MaxBackoff: 2 * time.Second},
	}
	if err := config.Validate(c); err != nil {
		fmt.Println(err)
		return
	}
	p := config.Load(c)
	app := p.Route("/login")
	fmt.Println(p.Listen, app.Addr, app.Deadline, app.Delays)
	// Output: :8443 app.internal:8080 5s [500ms 1s 2s]
}
