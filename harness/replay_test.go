package harness_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/harness"
)

// rMsg is the input of the replay tests: the target panics on Op 7.
type rMsg struct {
	Op   uint8
	Name string
}

// TestReplayFromEnv replays the folder named by STRUCTFUZZ_TEST_REPLAY;
// TestReplayGoesOnAfterAPanic runs it.
func TestReplayFromEnv(t *testing.T) {
	dir := os.Getenv("STRUCTFUZZ_TEST_REPLAY")
	if dir == "" {
		t.Skip("run by TestReplayGoesOnAfterAPanic")
	}
	h := harness.New(func(m *rMsg) {
		if m.Op == 7 {
			panic("replay test: op 7 with " + m.Name)
		}
	}, harness.Options{})
	h.Replay(t, dir)
}

// A panic in one file's subtest fails that subtest, with the input's value
// as JSON, and the files after it still run: before, the first panic
// stopped the test binary.
func TestReplayGoesOnAfterAPanic(t *testing.T) {
	dir := t.TempDir()
	for name, m := range map[string]rMsg{"a-crash": {7, "first"}, "b-fine": {1, "ok"}, "c-crash": {7, "second"}} {
		enc, err := codec.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), enc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestReplayFromEnv$", "-test.v")
	cmd.Env = append(os.Environ(), "STRUCTFUZZ_TEST_REPLAY="+dir)
	out, err := cmd.CombinedOutput()
	s := string(out)
	if err == nil {
		t.Fatalf("replaying two crashes passed:\n%s", s)
	}
	for _, want := range []string{
		"--- FAIL: TestReplayFromEnv/a-crash", "replay test: op 7 with first", `"Name": "first"`,
		"--- PASS: TestReplayFromEnv/b-fine",
		"--- FAIL: TestReplayFromEnv/c-crash", "replay test: op 7 with second", `"Name": "second"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the replay's output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", s)
	}
}
