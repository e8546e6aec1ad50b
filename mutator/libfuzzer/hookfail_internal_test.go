package libfuzzer

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/structfuzz/structfuzz/harness"
)

func TestHookTimeout(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want time.Duration
		err  bool
	}{
		{nil, "", DefaultHookTimeout, false},
		{[]string{"-timeout=3"}, "", 3 * time.Second, false},
		{[]string{"-timeout=3", "-timeout=60"}, "", DefaultHookTimeout, false}, // the last one counts
		{[]string{"-timeout=0"}, "", DefaultHookTimeout, false},
		{[]string{"-timeout=2"}, "45s", 45 * time.Second, false},
		{nil, "0", 0, false},
		{nil, "ten", 0, true},
		{nil, "-1s", 0, true},
	}
	for _, tc := range tests {
		got, err := hookTimeout(tc.args, tc.env)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("hookTimeout(%q, %q) = %v, %v; want %v (error %v)", tc.args, tc.env, got, err, tc.want, tc.err)
		}
		if err != nil && !strings.Contains(err.Error(), "STRUCTFUZZ_HOOK_TIMEOUT") {
			t.Errorf("error %q does not name the variable", err)
		}
	}
}

func TestArtifactPath(t *testing.T) {
	data := []byte("abc") // sha1 a9993e364706816aba3e25717850c26c9cd0d89d
	tests := []struct {
		args []string
		want string
	}{
		{nil, "./crash-a9993e364706816aba3e25717850c26c9cd0d89d"},
		{[]string{"-artifact_prefix=out/"}, "out/crash-a9993e364706816aba3e25717850c26c9cd0d89d"},
		{[]string{"-artifact_prefix=out/x-"}, "out/x-crash-a9993e364706816aba3e25717850c26c9cd0d89d"},
		{[]string{"-artifact_prefix=out/", "-exact_artifact_path=here"}, "here"},
	}
	for _, tc := range tests {
		if got := artifactPath(tc.args, "crash", data); got != tc.want {
			t.Errorf("artifactPath(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestReportHookFailure(t *testing.T) {
	dir := t.TempDir() + "/arts/"
	tests := []struct {
		f    *harness.HookFailure
		args []string
		code int
		kind string
		want []string
	}{
		{
			f: &harness.HookFailure{Hook: "PostProcess", Type: "pkg.T", Value: `{"N":1}`, Panic: errors.New("boom"),
				Stack: []byte("goroutine 1 [running]:"), Op: "Mutate", Input: []byte{1, 2}},
			code: 77, kind: "crash-",
			want: []string{"ERROR: structfuzz: PostProcess of pkg.T panicked on {\"N\":1}: boom", "goroutine 1 [running]:", "Test unit written to " + dir + "crash-", "replay the input"},
		},
		{
			f:    &harness.HookFailure{Hook: "CrossOver", Type: "pkg.T", Value: `{}`, Panic: "x", Op: "CrossOver", Input: []byte{1}, Other: []byte{2}, Seed: 5, MaxSize: 9},
			args: []string{"-error_exitcode=3"},
			code: 3, kind: "crash-",
			want: []string{"CrossOver of pkg.T panicked", ".other", "Harness.CrossOver(input, other, 9, 5)"},
		},
		{
			f:    &harness.HookFailure{Hook: "Mutate", Type: "pkg.(*T).Mutate at x.go:3", Timeout: time.Second, Op: "Mutate", Input: []byte{7}},
			code: 70, kind: "timeout-",
			want: []string{"a Mutate hook did not return within 1s: pkg.(*T).Mutate at x.go:3", "Test unit written to " + dir + "timeout-"},
		},
	}
	for _, tc := range tests {
		var out bytes.Buffer
		args := append([]string{"bin", "-artifact_prefix=" + dir}, tc.args...)
		if code := reportHookFailure(&out, args, tc.f); code != tc.code {
			t.Errorf("%s: exit %d, want %d", tc.f.Hook, code, tc.code)
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: output does not contain %q:\n%s", tc.f.Hook, w, out.String())
			}
		}
		path := artifactPath(args, strings.TrimSuffix(tc.kind, "-"), tc.f.Input)
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, tc.f.Input) {
			t.Errorf("%s: artifact %s = %x, %v; want %x", tc.f.Hook, path, got, err, tc.f.Input)
		}
		if tc.f.Other != nil {
			if got, _ := os.ReadFile(path + ".other"); !bytes.Equal(got, tc.f.Other) {
				t.Errorf("second parent %x, want %x", got, tc.f.Other)
			}
		}
	}
	if m, _ := filepath.Glob(dir + "*"); len(m) != 4 {
		t.Errorf("files written: %v", m)
	}
}
