package libfuzzer

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/structfuzz/structfuzz/harness"
)

// DefaultHookTimeout is how long one call of the custom mutator or
// crossover may run in a libFuzzer binary before the watchdog reports the
// hook inside it as hung (see harness.Options.HookTimeout). The
// environment variable STRUCTFUZZ_HOOK_TIMEOUT (a Go duration such as
// "30s"; "0" turns the watchdog off) overrides it, and so does libFuzzer's
// own -timeout flag when it is shorter.
const DefaultHookTimeout = 10 * time.Second

// hookTimeout is the watchdog's timeout for this process.
func hookTimeout(args []string, env string) (time.Duration, error) {
	if env != "" {
		d, err := time.ParseDuration(env)
		if err != nil || d < 0 {
			return 0, fmt.Errorf("structfuzz: STRUCTFUZZ_HOOK_TIMEOUT=%q is not a duration such as 30s (0 turns the watchdog off)", env)
		}
		return d, nil
	}
	d := DefaultHookTimeout
	if s, ok := flagValue(args, "timeout"); ok {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			d = min(d, time.Duration(n)*time.Second)
		}
	}
	return d, nil
}

// flagValue returns the value of libFuzzer's flag -name=value in args.
// libFuzzer takes the last one given.
func flagValue(args []string, name string) (string, bool) {
	val, found := "", false
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
			val, found = v, true
		}
	}
	return val, found
}

// flagInt is flagValue for an integer flag, def when absent or malformed.
func flagInt(args []string, name string, def int) int {
	if s, ok := flagValue(args, name); ok {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	return def
}

// artifactPath is where libFuzzer would save an input of the given kind
// ("crash", "timeout"): -exact_artifact_path, or -artifact_prefix (default
// "./") followed by kind-<sha1 of the input>.
func artifactPath(args []string, kind string, data []byte) string {
	if p, ok := flagValue(args, "exact_artifact_path"); ok && p != "" {
		return p
	}
	prefix := "./"
	if p, ok := flagValue(args, "artifact_prefix"); ok {
		prefix = p
	}
	sum := sha1.Sum(data)
	return prefix + kind + "-" + hex.EncodeToString(sum[:])
}

// reportHookFailure is the libFuzzer binary's reaction to a hook that
// failed in the custom mutator or crossover (harness.HookFailure): libFuzzer
// cannot see a failure there (its artifact would be whatever input it was
// mutating, or none), so structfuzz prints the report, saves an input that
// reproduces the failure where libFuzzer saves its own, and exits with
// libFuzzer's status for a crash or a timeout. It returns that status;
// the caller exits.
func reportHookFailure(w io.Writer, args []string, f *harness.HookFailure) int {
	kind, code := "crash", flagInt(args, "error_exitcode", 77)
	if f.Timeout > 0 {
		kind, code = "timeout", flagInt(args, "timeout_exitcode", 70)
	}
	fmt.Fprintf(w, "==%d== ERROR: %v\n", os.Getpid(), f)
	if len(f.Stack) > 0 {
		fmt.Fprintf(w, "%s\n", f.Stack)
	}
	path := artifactPath(args, kind, f.Input)
	if err := writeArtifact(path, f.Input); err != nil {
		fmt.Fprintf(w, "structfuzz: could not save the input that reproduces it: %v\n", err)
		return code
	}
	fmt.Fprintf(w, "artifact_prefix='%s'; Test unit written to %s\n", filepath.Dir(path)+"/", path)
	if f.Other != nil {
		other := path + ".other"
		if err := writeArtifact(other, f.Other); err == nil {
			fmt.Fprintf(w, "structfuzz: the second parent of the crossover is %s\n", other)
		}
	}
	fmt.Fprintf(w, "structfuzz: `structfuzz print` shows the input; to reproduce: %s\n", f.Reproduce())
	return code
}

func writeArtifact(path string, data []byte) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(path, data, 0o644)
}
