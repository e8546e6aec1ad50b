package chatapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/examples/internal/crashtest"
)

// FuzzChatAPI fuzzes Check with Go's own fuzzer: go test -fuzz=FuzzChatAPI.
func FuzzChatAPI(f *testing.F) {
	target.Harness().Fuzz(f, "testdata/structfuzz/corpus")
}

func user(s string) Message { return Message{Role: User, Content: s} }

var weather = Tool{Name: "weather", Description: "current weather for a city", Parameters: []Param{{Name: "city", Type: String, Required: true}}}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		err  string // "" for valid
	}{
		{"minimal", Request{Model: Mini, Messages: []Message{user("hi")}}, ""},
		{"unknown model", Request{Model: 9, Messages: []Message{user("hi")}}, "unknown model"},
		{"no messages", Request{Model: Mini}, "at least one"},
		{"temperature", Request{Model: Mini, Messages: []Message{user("hi")}, Temperature: 2.5}, "temperature"},
		{"late system", Request{Model: Mini, Messages: []Message{user("hi"), {Role: System}, user("x")}}, "system messages must come first"},
		{"ends with assistant", Request{Model: Mini, Messages: []Message{user("hi"), {Role: Assistant}}}, "last message"},
		{"tool result", Request{Model: Large, Tools: []Tool{weather}, Messages: []Message{user("rain?"), {Role: ToolRole, ToolCallID: "weather", Content: "sunny"}}}, ""},
		{"unknown tool", Request{Model: Large, Messages: []Message{user("rain?"), {Role: ToolRole, ToolCallID: "weather"}}}, "names no tool"},
		{"duplicate tool", Request{Model: Large, Tools: []Tool{weather, weather}, Messages: []Message{user("hi")}}, "duplicate"},
		{"bad tool name", Request{Model: Large, Tools: []Tool{{Name: "a b"}}, Messages: []Message{user("hi")}}, "bad name"},
		{"over context", Request{Model: Mini, MaxTokens: 2000, Messages: []Message{user("hi")}}, "exceeds the context window"},
		{"too small", Request{Model: Mini, MaxTokens: 10, Messages: []Message{user("hi")}}, "no room"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(&tt.req)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("Validate = %v, want an error containing %q", err, tt.err)
			}
			Check(&tt.req) // a valid request is served, an invalid one rejected
		})
	}
}

func TestCompleteTruncates(t *testing.T) {
	long := strings.Repeat("word ", 9) // 45 bytes, 12 tokens
	r := &Request{Model: Mini, Messages: []Message{{Role: System, Content: "be brief"}, user(long), user(long), user("last")}}
	sys := CountTokens(systemPrompt(r, true))
	r.MaxTokens = uint16(sys + minReply + (perMessage + 1) + (perMessage + 12) + perMessage + 2)
	if err := Validate(r); err != nil {
		t.Fatal(err)
	}
	resp := Complete(r)
	if resp.Kept != 3 || resp.Dropped != 0 {
		t.Fatalf("kept %d, dropped %d; want 3, 0", resp.Kept, resp.Dropped)
	}
	if !strings.Contains(resp.Prompt, "<user>…rd word </user>") {
		t.Fatalf("the oldest message was not cut to its end: %q", resp.Prompt)
	}
	r.MaxTokens -= 3
	if resp := Complete(r); resp.Kept != 2 || resp.Dropped != 1 {
		t.Fatalf("kept %d, dropped %d; want 2, 1", resp.Kept, resp.Dropped)
	}
}

func TestHandlerStatus(t *testing.T) {
	tests := []struct {
		method, path, ctype, body string
		want                      int
	}{
		{"POST", "/v1/chat/completions", "application/json", `{"model":"chat-mini","messages":[{"role":"user","content":"hi"}]}`, 200},
		{"POST", "/v1/chat/completions", "application/json", `{"model":"chat-huge","messages":[]}`, 400},
		{"POST", "/v1/chat/completions", "application/json", `{"model":"chat-mini","extra":1}`, 400},
		{"POST", "/v1/chat/completions", "text/plain", `{}`, 415},
		{"GET", "/v1/chat/completions", "application/json", ``, 404},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
		req.Header.Set("Content-Type", tt.ctype)
		rec := httptest.NewRecorder()
		Handler{}.ServeHTTP(rec, req)
		if rec.Code != tt.want {
			t.Errorf("%s %s %s: status %d, want %d (%s)", tt.method, tt.ctype, tt.body, rec.Code, tt.want, rec.Body)
		}
	}
}

func TestStream(t *testing.T) {
	req := httptest.NewRequest("POST", "/v1/chat/completions", strings.NewReader(`{"model":"chat-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	Handler{}.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/event-stream" || !strings.HasSuffix(rec.Body.String(), "data: [DONE]\n\n") {
		t.Fatalf("status %d, %q", rec.Code, rec.Body)
	}
}

const wantPanic = "makeslice: cap out of range"

// TestPlantedBug checks the example's bug is real: a request whose budget
// covers the system prompt without the tool schemas, but not with them,
// passes Validate and crashes Complete.
func TestPlantedBug(t *testing.T) {
	r := &Request{Model: Mini, Tools: []Tool{weather}, Messages: []Message{user("will it rain?")}}
	r.MaxTokens = uint16(CountTokens(systemPrompt(r, false)) + minReply)
	if err := Validate(r); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	crashtest.MustPanic(t, wantPanic, func() { Check(r) })
}

// TestCrashInput replays a crash input the fuzzer found (seed 1 of the
// measurements in README.md).
func TestCrashInput(t *testing.T) {
	crashtest.Replay(t, target.Harness(), Check, "testdata/crash/tool-schema-over-budget", wantPanic)
}
