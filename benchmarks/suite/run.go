package suite

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/structfuzz/structfuzz/benchmarks/internal/baseline"
)

// Outcome says how a run ended.
type Outcome string

// The outcomes of a run. Only Found counts as finding the bug; the others
// are censored at the executions they reached.
const (
	Found   Outcome = "found"   // crashed in the planted bug
	Budget  Outcome = "budget"  // ran its executions without a crash
	Timeout Outcome = "timeout" // hit the wall-clock cap first
	Other   Outcome = "other"   // crashed somewhere else
)

// Run is one fuzzing run: an example, a configuration, a seed.
type Run struct {
	Example string  `json:"example"`
	Config  string  `json:"config"`
	Seed    int     `json:"seed"`
	Budget  int64   `json:"budget"`
	Outcome Outcome `json:"outcome"`
	// Execs is the number of executions of the target until the crash,
	// or until the run ended.
	Execs int64 `json:"execs"`
	// Seconds is the wall-clock time of the fuzzing process, start-up
	// included, builds excluded.
	Seconds float64 `json:"seconds"`
	// Detail is the last lines of a run that did not end as expected.
	Detail string `json:"detail,omitempty"`
}

// ExecsPerSec is the run's average speed.
func (r Run) ExecsPerSec() float64 {
	if r.Seconds <= 0 {
		return 0
	}
	return float64(r.Execs) / r.Seconds
}

// MaxLen is the -max_len of every libFuzzer run, the harness's default.
const MaxLen = 4096

// runOne fuzzes example e with configuration c from an empty corpus.
func runOne(ctx context.Context, bin string, e Example, c Config, seed int, budget int64, limit time.Duration) (Run, error) {
	r := Run{Example: e.Name, Config: c.ID, Seed: seed, Budget: budget}
	dir, err := os.MkdirTemp("", "sfbench-run")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(dir)
	// libFuzzer stops itself at the limit (-max_total_time) and prints its
	// statistics; go test -fuzz has no such flag and is stopped from here.
	grace := 30 * time.Second
	if c.Engine == GoTest {
		grace = 0
	}
	ctx, cancel := context.WithTimeout(ctx, limit+grace)
	defer cancel()

	var cmd *exec.Cmd
	record := filepath.Join(dir, "record")
	switch c.Engine {
	case LibFuzzer:
		corpus := filepath.Join(dir, "corpus")
		if err := os.Mkdir(corpus, 0o755); err != nil {
			return r, err
		}
		cmd = exec.CommandContext(ctx, bin,
			"-seed="+strconv.Itoa(seed),
			"-runs="+strconv.FormatInt(budget, 10),
			"-max_len="+strconv.Itoa(MaxLen),
			"-max_total_time="+strconv.Itoa(int(limit.Seconds())),
			"-print_final_stats=1",
			"-artifact_prefix="+dir+string(filepath.Separator),
			corpus)
	case GoTest:
		// Go's fuzzer takes no seed: its runs are independent trials. One
		// worker, as libFuzzer has, and no minimisation of the crash.
		cmd = exec.CommandContext(ctx, bin,
			"-test.run=^$",
			"-test.fuzz=^"+c.FuzzFunc+"$",
			"-test.fuzztime="+strconv.FormatInt(budget, 10)+"x",
			"-test.parallel=1",
			"-test.fuzzminimizetime=0",
			"-test.fuzzcachedir="+filepath.Join(dir, "cache"))
	}
	killGroup(cmd)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), baseline.RecordEnv+"="+record)
	if c.Raw {
		cmd.Env = append(cmd.Env, "STRUCTFUZZ_RAW=1")
	}
	if c.TypedOnly {
		cmd.Env = append(cmd.Env, "STRUCTFUZZ_TYPED_ONLY=1")
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	runErr := cmd.Run()
	r.Seconds = time.Since(start).Seconds()
	if err := ctx.Err(); err == context.Canceled {
		return r, err
	}
	log := out.String()
	if c.Engine == GoTest && strings.Contains(log, noCoverage) {
		return r, fmt.Errorf("%s/%s: the go test binary has no coverage instrumentation, so Go's fuzzer ran unguided: %q", e.Name, c.ID, noCoverage)
	}
	timedOut := ctx.Err() != nil
	crashed := runErr != nil && !timedOut
	switch c.Engine {
	case LibFuzzer:
		r.Execs = libFuzzerExecs(log)
	case GoTest:
		r.Execs = goTestExecs(log, record, crashed)
	}
	switch {
	case timedOut:
		r.Outcome = Timeout
	case crashed && strings.Contains(log, e.Bug):
		r.Outcome = Found
	case crashed:
		r.Outcome, r.Detail = Other, tail(log, 30)
	case c.Engine == LibFuzzer && strings.Contains(log, "Done ") && r.Execs >= budget:
		r.Outcome = Budget
	case c.Engine == GoTest && r.Execs >= budget:
		r.Outcome = Budget
	default:
		r.Outcome, r.Detail = Timeout, tail(log, 10)
	}
	if r.Execs == 0 && r.Outcome != Timeout {
		return r, fmt.Errorf("%s/%s seed %d: no execution count in the output:\n%s", e.Name, c.ID, seed, tail(log, 30))
	}
	return r, nil
}

// noCoverage is what a go test binary built without -fuzz says when it
// fuzzes: without coverage guidance its runs measure nothing.
const noCoverage = "not built with coverage instrumentation"

var (
	libFuzzerUnits = regexp.MustCompile(`(?m)^stat::number_of_executed_units:\s*(\d+)`)
	goTestExecsRe  = regexp.MustCompile(`execs: (\d+)`)
)

// libFuzzerExecs reads the executions from libFuzzer's final statistics
// (-print_final_stats=1), which it prints on a crash as well as at the end.
func libFuzzerExecs(log string) int64 {
	m := libFuzzerUnits.FindAllStringSubmatch(log, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(m[len(m)-1][1], 10, 64)
	return n
}

// goTestExecs reads the executions of a go test -fuzz run: the count the
// target recorded at its crash, or the fuzzer's last progress line.
func goTestExecs(log, record string, crashed bool) int64 {
	if crashed {
		if b, err := os.ReadFile(record); err == nil {
			var n int64
			var secs float64
			if _, err := fmt.Sscan(string(b), &n, &secs); err == nil {
				return n
			}
		}
	}
	m := goTestExecsRe.FindAllStringSubmatch(log, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(m[len(m)-1][1], 10, 64)
	return n
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
