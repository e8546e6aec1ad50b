package harness_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/structfuzz/structfuzz/harness"
)

// writeCorpus writes good valid inputs and bad ones that do not decode
// into a new folder, and returns it.
func writeCorpus(t *testing.T, good, bad int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range good {
		v := hBatch{Note: fmt.Sprint(i % 100), Packets: []hPacket{{Op: uint8(1 + i%4)}}}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("good-%03d", i)), encode(t, v), 0o644)
	}
	for i := range bad {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("bad-%03d", i)), []byte{0xff, 0, 0, 0, byte(i)}, 0o644)
	}
	return dir
}

func TestCheckCorpus(t *testing.T) {
	h := harness.New(func(*hBatch) {}, harness.Options{})
	cases := []struct {
		name      string
		good, bad int
		ok        bool
		names     int      // bad files named
		want      []string // in the report
	}{
		{"empty", 0, 0, true, 0, []string{"0 files, all decode"}},
		{"all good", 300, 0, true, 0, []string{"300 files, all decode as harness_test.hBatch"}},
		{"two bad", 298, 2, false, 2, []string{"2 of 300 files do not decode as harness_test.hBatch", "bad-000: codec: unmarshal hBatch.Packets", "bad length"}},
		{"many bad", 2, 298, false, harness.MaxReportedFiles, []string{"298 of 300 files do not decode", "bad-004", "... and 293 more"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCorpus(t, c.good, c.bad)
			r := h.CheckCorpus(dir, filepath.Join(dir, "missing"))
			if r.OK() != c.ok || r.Files != c.good+c.bad || r.Bad != c.bad || len(r.Failures) != c.names {
				t.Fatalf("OK %v, Files %d, Bad %d, %d named; want %v, %d, %d, %d", r.OK(), r.Files, r.Bad, len(r.Failures), c.ok, c.good+c.bad, c.bad, c.names)
			}
			s := r.String()
			if !strings.HasPrefix(s, "structfuzz: corpus "+dir) {
				t.Errorf("report does not start with structfuzz: and the folder:\n%s", s)
			}
			for _, w := range c.want {
				if !strings.Contains(s, w) {
					t.Errorf("report lacks %q:\n%s", w, s)
				}
			}
			if strings.Contains(s, "bad-005") {
				t.Errorf("report names more than %d files:\n%s", harness.MaxReportedFiles, s)
			}
		})
	}
}

// FuzzSeedsFromEnv is FuzzBatch over the seed folder named by
// STRUCTFUZZ_TEST_SEEDS; TestFuzzFailsOnSeedsThatDoNotDecode runs it.
func FuzzSeedsFromEnv(f *testing.F) {
	dir := os.Getenv("STRUCTFUZZ_TEST_SEEDS")
	if dir == "" {
		f.Skip("run by TestFuzzFailsOnSeedsThatDoNotDecode")
	}
	h := harness.New(func(*hBatch) {}, harness.Options{})
	h.Fuzz(f, dir)
}

// On main, Fuzz decoded its seeds leniently: a seed of an older type ran
// as some other value and the test passed.
func TestFuzzFailsOnSeedsThatDoNotDecode(t *testing.T) {
	cases := []struct {
		name      string
		good, bad int
		fail      bool
	}{
		{"good seeds", 20, 0, false},
		{"bad seeds", 20, 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeCorpus(t, c.good, c.bad)
			cmd := exec.Command(os.Args[0], "-test.run=^FuzzSeedsFromEnv$", "-test.v")
			cmd.Env = append(os.Environ(), "STRUCTFUZZ_TEST_SEEDS="+dir)
			out, err := cmd.CombinedOutput()
			if (err != nil) != c.fail {
				t.Fatalf("err = %v, want failure %v:\n%s", err, c.fail, out)
			}
			if c.fail && !strings.Contains(string(out), "3 of 23 files do not decode") {
				t.Fatalf("the failure does not carry the corpus report:\n%s", out)
			}
		})
	}
}
