// Package chatapi is the request path of a chat-completions HTTP API: a
// handler decodes a JSON request, validates it, builds the prompt (a system
// prompt with the model's preamble and the schemas of the tools the caller
// offers, then as much of the conversation as fits), counts tokens, truncates
// the history to the token budget and routes tool results to their tools.
//
// Check marshals a Request with encoding/json and sends it through
// net/http/httptest to the handler, in process, and asserts the status and
// the body make sense. A panic in the handler reaches the fuzzer.
//
// The planted bug is a validate/apply inconsistency. The validator checks
// that max_tokens leaves room for the system prompt and a reply, but it
// measures the system prompt without the tool schemas, which the apply step
// adds. A request with tools and a max_tokens just above the validator's
// floor passes validation, the token room left for history is negative, and
// sizing the history buffer panics (makeslice: cap out of range). Reaching it
// takes a consistent request (a known model, a conversation ending with a
// user or tool message, tool messages naming declared tools, at least one
// tool) and a max_tokens inside a narrow window that depends on all of them.
package chatapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
)

// Model selects the model that serves a request.
type Model uint8

// The models.
const (
	Mini     Model = 1
	Standard Model = 2
	Large    Model = 3
)

// EnumValues declares the valid models to structfuzz.
func (Model) EnumValues() []Model { return []Model{Mini, Standard, Large} }

var modelNames = map[Model]string{Mini: "chat-mini", Standard: "chat-standard", Large: "chat-large"}

// String returns the model's API name.
func (m Model) String() string {
	if s, ok := modelNames[m]; ok {
		return s
	}
	return fmt.Sprintf("Model(%d)", uint8(m))
}

// MarshalText encodes the model as its API name (an unknown one as
// "Model(N)", which the server rejects).
func (m Model) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes a model's API name.
func (m *Model) UnmarshalText(b []byte) error {
	for k, s := range modelNames {
		if s == string(b) {
			*m = k
			return nil
		}
	}
	return fmt.Errorf("unknown model %q", b)
}

// Role is the author of a message.
type Role uint8

// The roles.
const (
	System    Role = 1
	User      Role = 2
	Assistant Role = 3
	ToolRole  Role = 4
)

// EnumValues declares the valid roles to structfuzz.
func (Role) EnumValues() []Role { return []Role{System, User, Assistant, ToolRole} }

var roleNames = map[Role]string{System: "system", User: "user", Assistant: "assistant", ToolRole: "tool"}

// String returns the role's API name.
func (r Role) String() string {
	if s, ok := roleNames[r]; ok {
		return s
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// MarshalText encodes the role as its API name (an unknown one as
// "Role(N)", which the server rejects).
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText decodes a role's API name.
func (r *Role) UnmarshalText(b []byte) error {
	for k, s := range roleNames {
		if s == string(b) {
			*r = k
			return nil
		}
	}
	return fmt.Errorf("unknown role %q", b)
}

// ParamType is the JSON type of a tool parameter.
type ParamType uint8

// The parameter types.
const (
	String  ParamType = 1
	Number  ParamType = 2
	Boolean ParamType = 3
	Object  ParamType = 4
)

// EnumValues declares the valid parameter types to structfuzz.
func (ParamType) EnumValues() []ParamType { return []ParamType{String, Number, Boolean, Object} }

var paramTypeNames = map[ParamType]string{String: "string", Number: "number", Boolean: "boolean", Object: "object"}

// String returns the type's JSON Schema name.
func (t ParamType) String() string {
	if s, ok := paramTypeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("ParamType(%d)", uint8(t))
}

// MarshalText encodes the type as its JSON Schema name (an unknown one as
// "ParamType(N)", which the server rejects).
func (t ParamType) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText decodes a JSON Schema type name.
func (t *ParamType) UnmarshalText(b []byte) error {
	for k, s := range paramTypeNames {
		if s == string(b) {
			*t = k
			return nil
		}
	}
	return fmt.Errorf("unknown parameter type %q", b)
}

// Request is the body of POST /v1/chat/completions, and the fuzz input.
type Request struct {
	Model    Model     `json:"model"`
	Messages []Message `json:"messages" fuzz:"maxlen=8"`
	Tools    []Tool    `json:"tools,omitempty" fuzz:"maxlen=3"`
	// Temperature is the sampling temperature, 0 to 2.
	Temperature float32 `json:"temperature" fuzz:"min=0,max=2"`
	// MaxTokens caps prompt plus reply; 0 means the model's default.
	MaxTokens uint16 `json:"max_tokens,omitempty" fuzz:"max=4096"`
	Stream    bool   `json:"stream,omitempty"`
}

// Message is one turn of the conversation.
type Message struct {
	Role    Role   `json:"role"`
	Content string `json:"content" fuzz:"maxlen=48,utf8"`
	// ToolCallID names the tool whose result a tool message carries.
	ToolCallID string `json:"tool_call_id,omitempty" fuzz:"maxlen=10,utf8"`
}

// Tool is a function the model may call.
type Tool struct {
	Name        string  `json:"name" fuzz:"maxlen=10,utf8"`
	Description string  `json:"description,omitempty" fuzz:"maxlen=40,utf8"`
	Parameters  []Param `json:"parameters,omitempty" fuzz:"maxlen=3"`
}

// Param is one parameter of a tool.
type Param struct {
	Name     string    `json:"name" fuzz:"maxlen=8,utf8"`
	Type     ParamType `json:"type"`
	Required bool      `json:"required,omitempty"`
}

// Response is the body of a successful request.
type Response struct {
	Model        string         `json:"model"`
	Prompt       string         `json:"prompt"`
	PromptTokens int            `json:"prompt_tokens"`
	Kept         int            `json:"messages_kept"`
	Dropped      int            `json:"messages_dropped"`
	ToolResults  map[string]int `json:"tool_results,omitempty"`
	Reply        string         `json:"reply"`
}

// ErrorResponse is the body of a rejected request.
type ErrorResponse struct {
	Error string `json:"error"`
}

const (
	bytesPerToken = 4  // the usual rough estimate for English text
	perMessage    = 4  // tokens of role markers and separators per message
	minReply      = 16 // the smallest reply budget a request may leave
)

// contextWindow is each model's limit on prompt plus reply, and
// defaultMax the budget when a request gives none.
var (
	contextWindow = map[Model]int{Mini: 1024, Standard: 2048, Large: 4096}
	defaultMax    = map[Model]int{Mini: 512, Standard: 1024, Large: 2048}
	preamble      = map[Model]string{
		Mini:     "You are a concise assistant.",
		Standard: "You are a helpful assistant. Answer accurately and cite sources when you can.",
		Large:    "You are a careful, helpful assistant. Think step by step, answer accurately, and say so when you do not know.",
	}
)

// CountTokens estimates the tokens of s.
func CountTokens(s string) int { return (len(s) + bytesPerToken - 1) / bytesPerToken }

// Handler serves the chat-completions endpoint.
type Handler struct{}

// ServeHTTP implements http.Handler.
func (Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		writeJSON(w, http.StatusNotFound, ErrorResponse{"no such endpoint"})
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		writeJSON(w, http.StatusUnsupportedMediaType, ErrorResponse{"want application/json"})
		return
	}
	var req Request
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, ErrorResponse{"bad request body: " + err.Error()})
		return
	}
	if err := Validate(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, ErrorResponse{err.Error()})
		return
	}
	resp := Complete(&req)
	if req.Stream {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		for _, word := range strings.Fields(resp.Reply) {
			chunk, _ := json.Marshal(map[string]string{"delta": word})
			fmt.Fprintf(w, "data: %s\n\n", chunk)
		}
		fmt.Fprint(w, "data: [DONE]\n\n")
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// budget is the request's limit on prompt plus reply.
func budget(r *Request) int {
	if r.MaxTokens == 0 {
		return defaultMax[r.Model]
	}
	return int(r.MaxTokens)
}

// Validate reports what is wrong with a decoded request, or nil.
func Validate(r *Request) error {
	if _, ok := modelNames[r.Model]; !ok {
		return fmt.Errorf("unknown model")
	}
	if len(r.Messages) == 0 {
		return fmt.Errorf("messages: at least one is required")
	}
	if math.IsNaN(float64(r.Temperature)) || r.Temperature < 0 || r.Temperature > 2 {
		return fmt.Errorf("temperature: must be between 0 and 2")
	}
	tools := make(map[string]bool)
	for i, t := range r.Tools {
		if t.Name == "" || strings.ContainsAny(t.Name, " \t\n(),:") {
			return fmt.Errorf("tools[%d]: bad name %q", i, t.Name)
		}
		if tools[t.Name] {
			return fmt.Errorf("tools[%d]: duplicate name %q", i, t.Name)
		}
		tools[t.Name] = true
		for j, p := range t.Parameters {
			if p.Name == "" {
				return fmt.Errorf("tools[%d].parameters[%d]: name is required", i, j)
			}
		}
	}
	seenOther := false
	for i, m := range r.Messages {
		switch m.Role {
		case System:
			if seenOther {
				return fmt.Errorf("messages[%d]: system messages must come first", i)
			}
		case User, Assistant:
			seenOther = true
		case ToolRole:
			seenOther = true
			if !tools[m.ToolCallID] {
				return fmt.Errorf("messages[%d]: tool_call_id %q names no tool", i, m.ToolCallID)
			}
		default:
			return fmt.Errorf("messages[%d]: unknown role", i)
		}
	}
	if last := r.Messages[len(r.Messages)-1].Role; last != User && last != ToolRole {
		return fmt.Errorf("messages: the last message must be from the user or a tool")
	}
	max := budget(r)
	if max > contextWindow[r.Model] {
		return fmt.Errorf("max_tokens: %d exceeds the context window of %v (%d)", max, r.Model, contextWindow[r.Model])
	}
	// BUG: the system prompt is measured without the tool schemas that
	// Complete adds to it, so a request with tools can pass with too small
	// a budget.
	if need := CountTokens(systemPrompt(r, false)) + minReply; max < need {
		return fmt.Errorf("max_tokens: %d leaves no room for the system prompt and a reply (need %d)", max, need)
	}
	return nil
}

// systemPrompt is the model's preamble, the request's system messages and,
// with withTools, the schemas of its tools.
func systemPrompt(r *Request, withTools bool) string {
	var b strings.Builder
	b.WriteString(preamble[r.Model])
	for _, m := range r.Messages {
		if m.Role != System {
			break
		}
		b.WriteString("\n")
		b.WriteString(m.Content)
	}
	if withTools && len(r.Tools) > 0 {
		b.WriteString("\nYou can call these tools:")
		for _, t := range r.Tools {
			b.WriteString("\n- ")
			b.WriteString(t.Name)
			b.WriteString("(")
			for i, p := range t.Parameters {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(p.Name)
				if !p.Required {
					b.WriteString("?")
				}
				b.WriteString(": ")
				b.WriteString(p.Type.String())
			}
			b.WriteString(")")
			if t.Description != "" {
				b.WriteString(": ")
				b.WriteString(t.Description)
			}
		}
	}
	return b.String()
}

// Complete builds the prompt of a valid request, fits the conversation into
// its token budget (newest messages first; the oldest kept one may be cut)
// and produces the response.
func Complete(r *Request) *Response {
	sys := systemPrompt(r, true)
	sysTokens := CountTokens(sys)
	room := budget(r) - minReply - sysTokens // Validate guarantees room >= 0

	var history []Message
	for _, m := range r.Messages {
		if m.Role != System {
			history = append(history, m)
		}
	}
	// Every kept message costs at least perMessage tokens: size the
	// buffer for as many as can fit.
	kept := make([]Message, 0, min(len(history), room/perMessage+1))
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		cost := perMessage + CountTokens(m.Content)
		if cost <= room {
			kept = append(kept, m)
			room -= cost
			continue
		}
		if room > perMessage {
			// Keep the end of the message, which is usually what matters.
			n := (room - perMessage) * bytesPerToken
			m.Content = "…" + m.Content[len(m.Content)-n:]
			kept = append(kept, m)
		}
		break
	}

	resp := &Response{Model: r.Model.String(), Kept: len(kept), Dropped: len(history) - len(kept)}
	var prompt strings.Builder
	prompt.WriteString("<system>" + sys + "</system>")
	for i := len(kept) - 1; i >= 0; i-- {
		m := kept[i]
		if m.Role == ToolRole {
			if resp.ToolResults == nil {
				resp.ToolResults = make(map[string]int)
			}
			resp.ToolResults[m.ToolCallID]++
		}
		fmt.Fprintf(&prompt, "<%v>%s</%v>", m.Role, m.Content, m.Role)
	}
	resp.Prompt = prompt.String()
	resp.PromptTokens = sysTokens
	for _, m := range kept {
		resp.PromptTokens += perMessage + CountTokens(m.Content)
	}
	resp.Reply = fmt.Sprintf("(%v would answer %d messages here)", r.Model, len(kept))
	return resp
}

var handler http.Handler = Handler{}

// Check runs the code under test on r; it is what the fuzz target calls. It
// posts r as JSON to the handler (in process, with httptest) and panics if
// the response is not a sensible success or rejection.
func Check(r *Request) {
	body, err := json.Marshal(r)
	if err != nil {
		// A NaN or infinite temperature (from input generators that
		// ignore the fuzz tags): no client can send it.
		return
	}
	req := httptest.NewRequest(http.MethodPost, "/v1/chat/completions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req) // a panic in the handler propagates
	switch rec.Code {
	case http.StatusOK:
		if r.Stream {
			if !strings.HasSuffix(rec.Body.String(), "data: [DONE]\n\n") {
				panic(fmt.Sprintf("chatapi: unterminated stream: %q", rec.Body.String()))
			}
			return
		}
		var resp Response
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			panic(fmt.Sprintf("chatapi: bad success body: %v", err))
		}
		if resp.Kept+resp.Dropped != countHistory(r) || resp.PromptTokens <= 0 {
			panic(fmt.Sprintf("chatapi: inconsistent response %+v", resp))
		}
	case http.StatusBadRequest:
		var e ErrorResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
			panic(fmt.Sprintf("chatapi: bad error body %q", rec.Body.String()))
		}
	default:
		panic(fmt.Sprintf("chatapi: unexpected status %d: %s", rec.Code, rec.Body.String()))
	}
}

// countHistory counts the messages of r that are not system messages.
func countHistory(r *Request) int {
	n := 0
	for _, m := range r.Messages {
		if m.Role != System {
			n++
		}
	}
	return n
}
