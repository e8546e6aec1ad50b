package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A fuzz function that is missing, unexported, a go test fuzz function or
// of another signature is named plainly, before anything is built (the
// compiler would point at a line of a generated file).
func TestFuzzFuncProblems(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		fn    string
		want  string // "" for no problem
	}{
		{"found", map[string]string{"a.go": "func Fuzz(data []byte) int { return 0 }"}, "Fuzz", ""},
		{"uint8 and a named result", map[string]string{"a.go": "func Fuzz(b []uint8) (n int) { return 0 }"}, "Fuzz", ""},
		{"unexported", map[string]string{"a.go": "func fuzz(data []byte) int { return 0 }"}, "Fuzz", "has fuzz, which is not exported: rename it Fuzz"},
		{"go test fuzz function", map[string]string{"a_test.go": "import \"testing\"\nfunc FuzzMsg(f *testing.F) {}"}, "FuzzMsg", "is a go test fuzz function"},
		{"in a test file", map[string]string{"a_test.go": "func Fuzz(data []byte) int { return 0 }"}, "Fuzz", "a test file"},
		{"wrong signature", map[string]string{"a.go": "func Fuzz(s string) int { return 0 }"}, "Fuzz", "is not a func(data []byte) int"},
		{"others", map[string]string{"a.go": "func FuzzA(d []byte) int { return 0 }\nfunc FuzzB(d []byte) int { return 0 }"}, "Fuzz", "its fuzz functions are FuzzA, FuzzB"},
		{"none", map[string]string{"a.go": "func x() {}"}, "Fuzz", "has no function Fuzz: add"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("package p\n"+src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tg := &target{ImportPath: "example.com/p", Dir: dir, Name: "p", Func: tc.fn}
			ff, err := findFuzzFunc(tg)
			if err != nil {
				t.Fatal(err)
			}
			got := ff.problem(tg)
			if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
				t.Fatalf("problem() = %q, want %q", got, tc.want)
			}
			// A command that needs only the target goes on without one.
			c := common{}
			if err := c.checkFunc(tg); err != nil || (tc.want != "") != (tg.Func == "") {
				t.Fatalf("checkFunc = %v, Func %q", err, tg.Func)
			}
		})
	}
}

// run's -j is libFuzzer's -fork=N; giving both, or a negative count, is
// refused before anything is built.
func TestRunJobsFlag(t *testing.T) {
	setup(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-j", "-1", "."}, "want a number of processes"},
		{[]string{"run", "-j", "2", ".", "--", "-fork=3"}, "-j and -- -fork=: choose one"},
	} {
		_, stderr, code := structfuzz(t, nil, tc.args...)
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want %q", tc.args, code, stderr, tc.want)
		}
	}
}
