package suite

import (
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// needTools skips the test when clang or go-fuzz-build is missing, and
// fails it instead when CI demands them (STRUCTFUZZ_REQUIRE_LIBFUZZER=1).
func needTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"clang", "go-fuzz-build"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("STRUCTFUZZ_REQUIRE_LIBFUZZER") == "1" {
				t.Fatalf("%s is required (STRUCTFUZZ_REQUIRE_LIBFUZZER=1) but missing: %v", tool, err)
			}
			t.Skipf("%s not installed: %v", tool, err)
		}
	}
}

// TestQuick is the suite's quick mode (Options.Quick), run in CI: every
// example under all six configurations. It fails if structfuzz's native
// build (configuration a) misses the planted bug of an example that is not
// Slow, or if any run hits the time limit or ends without an execution
// count.
func TestQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("the quick suite builds and runs fuzzers: not in -short mode")
	}
	needTools(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Root: root, Budget: 1_000_000, Limit: 3 * time.Minute, Jobs: 2, Log: t.Logf}
	o.Quick()
	runs, err := Execute(context.Background(), o, func(r Run) {
		t.Logf("%s (%s) seed %d: %s after %d executions, %.2fs", r.Example, r.Config, r.Seed, r.Outcome, r.Execs, r.Seconds)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, e := range Examples {
		for _, c := range DefaultConfigs() {
			if e.applies(c) {
				want += 2
			}
		}
	}
	if len(runs) != want {
		t.Fatalf("%d runs, want %d", len(runs), want)
	}
	for _, r := range Missed(runs) {
		t.Errorf("structfuzz (a) missed the planted bug of %s with seed %d: %s after %d executions\n%s", r.Example, r.Seed, r.Outcome, r.Execs, r.Detail)
	}
	for _, r := range runs {
		if e, _ := exampleNamed(r.Example); e.Unreliable != "" && r.Config == "a" && r.Outcome != Found {
			t.Logf("structfuzz (a) missed the bug of %s with seed %d, a known weakness: %s", r.Example, r.Seed, e.Unreliable)
		}
	}
	// The go-fuzz-build binary (b) is not required to find the bugs: its
	// -libfuzzer instrumentation passes libFuzzer no comparison operands,
	// and the full run measured it missing graph's bug in 10 of 10 seeds.
	// It must still run to an execution count (Execute checks that).
	for _, r := range runs {
		if r.Outcome == Timeout {
			t.Errorf("%s (%s) seed %d hit the time limit after %d executions:\n%s", r.Example, r.Config, r.Seed, r.Execs, r.Detail)
		}
	}
}

func TestExamplesAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Examples {
		// Every example has byte-level baselines: the planted ones d, e
		// and f, a real library at least its plain bytes p.
		if seen[e.Name] || e.Pkg == "" || (e.Baselines == "" && e.Plain == "") || e.Bug == "" {
			t.Errorf("example %+v: duplicate name or missing field", e)
		}
		seen[e.Name] = true
		if e.Baselines != "" {
			if _, err := os.Stat(filepath.Join("..", e.Baselines)); err != nil {
				t.Errorf("example %s: baselines package: %v", e.Name, err)
			}
		}
		if e.Plain != "" {
			if _, err := os.Stat(filepath.Join("../..", e.module(), e.Plain)); err != nil {
				t.Errorf("example %s: plain package: %v", e.Name, err)
			}
		}
		if _, err := os.Stat(filepath.Join("../..", e.module(), e.Pkg)); err != nil {
			t.Errorf("example %s: package: %v", e.Name, err)
		}
	}
}

// Configurations run only where their packages exist: the planted
// examples' baselines (d, e, f), a real library's plain target (p).
func TestConfigurationsApply(t *testing.T) {
	planted, _ := exampleNamed("orders")
	real, _ := exampleNamed("markdown")
	for _, tc := range []struct {
		e    Example
		id   string
		want bool
	}{
		{planted, "a", true}, {planted, "d", true}, {planted, "p", false},
		{real, "a", true}, {real, "c", true}, {real, "g", true}, {real, "p", true},
		{real, "d", false}, {real, "e", false}, {real, "f", false},
	} {
		c, ok := configByID(tc.id)
		if !ok {
			t.Fatalf("no configuration %s", tc.id)
		}
		if got := tc.e.applies(c); got != tc.want {
			t.Errorf("%s under (%s): applies %v, want %v", tc.e.Name, tc.id, got, tc.want)
		}
	}
}

func TestLibFuzzerExecs(t *testing.T) {
	for _, tc := range []struct {
		log  string
		want int64
	}{
		{"#4096\tpulse  cov: 12\nDone 1000000 runs in 3 second(s)\nstat::number_of_executed_units: 1000000\nstat::average_exec_per_sec:     300000\n", 1000000},
		{"panic: boom\n==1== ERROR: libFuzzer: deadly signal\nstat::number_of_executed_units: 4518\nstat::new_units_added: 38\n", 4518},
		{"no statistics at all\n", 0},
	} {
		if got := libFuzzerExecs(tc.log); got != tc.want {
			t.Errorf("libFuzzerExecs(%q) = %d, want %d", tc.log, got, tc.want)
		}
	}
}

func TestGoTestExecs(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "record")
	progress := "fuzz: elapsed: 3s, execs: 120000 (40000/sec), new interesting: 3 (total: 3)\nfuzz: elapsed: 5s, execs: 200000 (40000/sec), new interesting: 4 (total: 4)\nPASS\n"
	if got := goTestExecs(progress, record, false); got != 200000 {
		t.Errorf("budget run: %d executions, want 200000 (the last progress line)", got)
	}
	if err := os.WriteFile(record, []byte("4321 0.750\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := goTestExecs(progress+"--- FAIL: FuzzLenient\n", record, true); got != 4321 {
		t.Errorf("crashed run: %d executions, want 4321 (the target's record)", got)
	}
}

// runsFor makes runs of one example and configuration: execs > 0 found
// the bug, 0 missed it.
func runsFor(example, config string, budget int64, execs ...int64) []Run {
	var runs []Run
	for i, n := range execs {
		r := Run{Example: example, Config: config, Seed: i + 1, Budget: budget, Outcome: Found, Execs: n, Seconds: float64(n) / 1000}
		if n == 0 {
			r.Outcome, r.Execs, r.Seconds = Budget, budget, float64(budget)/1000
		}
		runs = append(runs, r)
	}
	return runs
}

func TestCompareAndReport(t *testing.T) {
	var runs []Run
	runs = append(runs, runsFor("orders", "a", 1000, 10, 20, 30, 40)...)
	runs = append(runs, runsFor("orders", "c", 1000, 500, 0, 0, 0)...)   // found 1/4
	runs = append(runs, runsFor("orders", "d", 1000, 300, 400, 0, 0)...) // found 2/4: the best baseline
	runs = append(runs, runsFor("orders", "b", 1000, 1, 1, 1, 1)...)     // structured: never a baseline
	runs = append(runs, Run{Example: "orders", Config: "f", Seed: 1, Budget: 1000, Outcome: Timeout, Execs: 90, Seconds: 20})
	cells := Summarise(runs)
	a := cells["orders"]["a"]
	if a.N != 4 || a.Found != 4 || a.MedianExecs() != 25 {
		t.Fatalf("cell a: N=%d found=%d median=%v", a.N, a.Found, a.MedianExecs())
	}
	if d := cells["orders"]["d"]; !math.IsInf(d.MedianExecs(), 1) {
		t.Errorf("d found 2 of 4: median %v, want +Inf (censored)", d.MedianExecs())
	}
	cmp := Compare(cells, []string{"orders"})
	if len(cmp) != 1 || cmp[0].Best == nil || cmp[0].Best.Config.ID != "d" {
		t.Fatalf("best baseline: %+v, want d", cmp)
	}
	// d's runs reached 300, 400, 1000 and 1000 executions: its median is
	// at least 700.
	if !cmp[0].RatioBound || cmp[0].Ratio != 700.0/25 {
		t.Errorf("ratio %v (bound %v), want the bound 700/25", cmp[0].Ratio, cmp[0].RatioBound)
	}
	if cmp[0].A12 != 1 {
		t.Errorf("A12 = %v, want 1: every run of a beat every run of d", cmp[0].A12)
	}

	res := &Results{Command: "go run ./cmd/sfbench", Machine: "test machine", Seeds: []int{1, 2, 3, 4}, Budget: 1000, Runs: runs}
	md := Markdown(res)
	for _, want := range []string{
		"| orders | 4/4 | 25 | (d) | 2/4 | >700 | ≥28× |",
		"| (c) libFuzzer bytes, structfuzz lenient decode | 1/4 | >1000 |",
		"| (f) libFuzzer bytes, gofuzz NewFromGoFuzz | 0/1, 1 stopped by the time cap | >90 |",
		"seeds 1 to 4",
		"Machine: test machine.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
	svg := Plot(res)
	if !strings.HasPrefix(svg, "<svg") || strings.Count(svg, "<polyline") != 5 || !strings.Contains(svg, ">orders<") {
		t.Errorf("plot: want an SVG with one line per configuration (5) and the example's title:\n%s", svg)
	}
}

func TestSaveLoad(t *testing.T) {
	dir := t.TempDir()
	res := &Results{Command: "x", Seeds: []int{1}, Budget: 10, Runs: runsFor("orders", "a", 10, 3)}
	if err := res.Save(dir); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Runs) != 1 || got.Runs[0] != res.Runs[0] {
		t.Errorf("Load = %+v, want %+v", got.Runs, res.Runs)
	}
}

func TestReplace(t *testing.T) {
	runs := runsFor("orders", "a", 10, 3, 4)
	runs = Replace(runs, Run{Example: "orders", Config: "a", Seed: 2, Execs: 9})
	runs = Replace(runs, Run{Example: "orders", Config: "c", Seed: 2, Execs: 7})
	if len(runs) != 3 || runs[1].Execs != 9 || runs[2].Config != "c" {
		t.Errorf("Replace: %+v; want seed 2 of a replaced and c appended", runs)
	}
}

func TestMissedSkipsSlowExamples(t *testing.T) {
	var slow, fast, unreliable string
	for _, e := range Examples {
		switch {
		case e.Slow:
			slow = e.Name
		case e.Unreliable != "":
			unreliable = e.Name
		default:
			fast = e.Name
		}
	}
	runs := []Run{
		{Example: fast, Config: "a", Outcome: Budget},
		{Example: fast, Config: "a", Outcome: Found},
		{Example: fast, Config: "c", Outcome: Budget},
		{Example: slow, Config: "a", Outcome: Budget},
		{Example: unreliable, Config: "a", Outcome: Budget},
	}
	if m := Missed(runs); len(m) != 1 || m[0].Example != fast {
		t.Errorf("Missed = %+v, want only the miss of %s (a)", m, fast)
	}
}

// A run stopped by the clock is censored where it stopped: the plain
// median counts it as +Inf, the Kaplan-Meier median and the restricted
// mean use how far it got.
func TestSurvivalColumns(t *testing.T) {
	var runs []Run
	runs = append(runs, runsFor("kvstore", "e", 1000, 100, 300, 0)...) // the 0 is censored at the budget
	runs = append(runs, Run{Example: "kvstore", Config: "e", Seed: 4, Budget: 1000, Outcome: Timeout, Execs: 50, Seconds: 20})
	runs = append(runs, runsFor("kvstore", "h", 1000, 10, 20, 30, 0)...)
	cells := Summarise(runs)
	e := cells["kvstore"]["e"]
	if !math.IsInf(e.MedianExecs(), 1) {
		t.Fatalf("plain median %v, want +Inf: two of four runs missed", e.MedianExecs())
	}
	// Runs at 50+, 100, 300, 1000+: S = 2/3 after 100 (three at risk),
	// 1/3 after 300.
	if m := e.KMMedianExecs(); m != 300 {
		t.Fatalf("KM median %v, want 300", m)
	}
	tau := horizon(cells["kvstore"])
	if tau != 1000 {
		t.Fatalf("horizon %v, want 1000", tau)
	}
	if r, want := e.RMSTExecs(tau), 100+200*2.0/3+700.0/3; math.Abs(r-want) > 1e-9 {
		t.Fatalf("RMST %v, want %v", r, want)
	}
	md := Markdown(&Results{Command: "x", Machine: "m", Seeds: []int{1, 2, 3, 4}, Budget: 1000, Runs: runs})
	for _, want := range []string{
		"τ = 1000 executions.",
		"| (e) go test -fuzz, structfuzz lenient decode | 2/4, 1 stopped by the time cap | >200 | 300 | 467 |",
		"| (h) go test -fuzz, structfuzz typed steps | 3/4 | 25 | 20 | 265 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}
