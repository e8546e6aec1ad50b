package chatapi_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/structfuzz/structfuzz/examples/chatapi"
)

func ExampleHandler() {
	body := `{"model":"chat-mini","messages":[{"role":"system","content":"Answer in French."},{"role":"user","content":"Hello!"}]}`
	req := httptest.NewRequest("POST", "/v1/chat/completions", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	chatapi.Handler{}.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 200 {"model":"chat-mini","prompt":"\u003csystem\u003eYou are a concise assistant.\nAnswer in French.\u003c/system\u003e\u003cuser\u003eHello!\u003c/user\u003e","prompt_tokens":18,"messages_kept":1,"messages_dropped":0,"reply":"(chat-mini would answer 1 messages here)"}
}
