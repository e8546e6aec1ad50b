package native

import "testing"

// Run reports false until a runner is installed, then hands it the harness
// and the input, and passes its answer back.
func TestRun(t *testing.T) {
	if _, ok := Run("h", []byte("x")); ok {
		t.Fatal("Run reported a target with no runner installed")
	}
	var gotH any
	var gotData string
	SetRunner(func(h any, data []byte) (int, bool) {
		gotH, gotData = h, string(data)
		return -1, h == "mine"
	})
	defer runner.Store(nil)
	if r, ok := Run("mine", []byte("input")); !ok || r != -1 || gotH != "mine" || gotData != "input" {
		t.Fatalf("Run(mine) = %d, %v; the runner saw %v, %q", r, ok, gotH, gotData)
	}
	if _, ok := Run("other", nil); ok {
		t.Fatal("Run reported a target the runner does not know")
	}
}
