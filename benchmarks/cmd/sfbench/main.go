// Command sfbench runs structfuzz's benchmark suite: every example of
// examples/ fuzzed under six configurations with the same budget and
// seeds, and writes RESULTS.md, found.svg and runs.json into -out.
//
//	cd benchmarks && go run ./cmd/sfbench                 # the full run (10 seeds, 1M executions)
//	go run ./cmd/sfbench -quick                           # a few minutes: 2 seeds, small baseline budgets (what CI runs)
//	go run ./cmd/sfbench -report results                  # redraw the report from results/runs.json
//	go run ./cmd/sfbench -examples doctree -configs a,c   # a selection
//
// It needs what `structfuzz build` needs (clang with libFuzzer, and
// go-fuzz-build for configuration b). It exits with status 1 when a quick
// run of configuration a misses a bug.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/structfuzz/structfuzz/benchmarks/suite"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sfbench:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		quick    = flag.Bool("quick", false, "quick mode: seeds 1 and 2, structfuzz with the full budget, baselines with 5k executions; fails if configuration a misses a bug")
		seeds    = flag.Int("seeds", 10, "number of seeds (1..N)")
		budget   = flag.Int64("budget", 1_000_000, "executions per run")
		limit    = flag.Duration("limit", 10*time.Minute, "wall-clock cap of one run")
		jobs     = flag.Int("j", 1, "runs at once (more than the cores distorts exec/s)")
		examples = flag.String("examples", "", "comma-separated examples (default all)")
		configs  = flag.String("configs", "", "comma-separated configurations a..h (default a to f; g, typed moves only, and h, go test -fuzz with typed steps, when named)")
		out      = flag.String("out", "results", "folder for RESULTS.md, found.svg and runs.json")
		report   = flag.String("report", "", "only redraw the report from FOLDER/runs.json")
		add      = flag.Bool("append", false, "keep the runs already in -out/runs.json (other examples, say) and add these, replacing any with the same example, configuration and seed")
	)
	flag.Parse()
	if *report != "" {
		res, err := suite.Load(*report)
		if err != nil {
			return err
		}
		return write(*report, res)
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	o := suite.Options{
		Root:     root,
		Examples: split(*examples),
		Configs:  split(*configs),
		Budget:   *budget,
		Limit:    *limit,
		Jobs:     *jobs,
		Log: func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "sfbench: "+format+"\n", args...)
		},
	}
	for s := 1; s <= *seeds; s++ {
		o.Seeds = append(o.Seeds, s)
	}
	if *quick {
		o.Quick()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res := &suite.Results{
		Command: "cd benchmarks && go run ./cmd/sfbench " + strings.Join(os.Args[1:], " "),
		Machine: machine(),
		Date:    time.Now().UTC(),
		Seeds:   o.Seeds,
		Budget:  o.Budget,
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	var kept []suite.Run
	if *add {
		old, err := suite.Load(*out)
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		if old != nil {
			kept = old.Runs
		}
	}
	done := append([]suite.Run(nil), kept...)
	res.Runs, err = suite.Execute(ctx, o, func(r suite.Run) {
		// Keep what has run so far: an interrupted suite still leaves
		// data for -report.
		done = suite.Replace(done, r)
		partial := *res
		partial.Runs = done
		if err := partial.Save(*out); err != nil {
			fmt.Fprintln(os.Stderr, "sfbench:", err)
		}
		fmt.Fprintf(os.Stderr, "sfbench: %-10s (%s) seed %-2d %-7s %9d execs %7.2fs %8.0f exec/s\n",
			r.Example, r.Config, r.Seed, r.Outcome, r.Execs, r.Seconds, r.ExecsPerSec())
		if r.Detail != "" {
			fmt.Fprintf(os.Stderr, "%s\n", indent(r.Detail))
		}
	})
	if err != nil {
		return err
	}
	for _, r := range res.Runs {
		kept = suite.Replace(kept, r)
	}
	res.Runs = kept
	if err := res.Save(*out); err != nil {
		return err
	}
	if err := write(*out, res); err != nil {
		return err
	}
	if missed := suite.Missed(res.Runs); *quick && len(missed) > 0 {
		for _, r := range missed {
			fmt.Fprintf(os.Stderr, "sfbench: structfuzz (a) missed the bug of %s with seed %d: %s after %d executions\n", r.Example, r.Seed, r.Outcome, r.Execs)
		}
		return fmt.Errorf("configuration a missed %d bug(s) it should find", len(missed))
	}
	return nil
}

// write renders the report of res into dir.
func write(dir string, res *suite.Results) error {
	if err := os.WriteFile(filepath.Join(dir, "RESULTS.md"), []byte(suite.Markdown(res)+"\n![found against executions](found.svg)\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "found.svg"), []byte(suite.Plot(res)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sfbench: wrote %s\n", filepath.Join(dir, "RESULTS.md"))
	return nil
}

// repoRoot is the structfuzz repository holding this module.
func repoRoot() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/structfuzz/structfuzz").Output()
	if err != nil {
		return "", fmt.Errorf("locating the structfuzz module (run sfbench inside benchmarks/): %v", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// machine describes this computer for the report.
func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	clang := "clang not found"
	if out, err := exec.Command("clang", "--version").Output(); err == nil {
		clang = strings.SplitN(string(out), "\n", 2)[0]
	}
	return fmt.Sprintf("%s, %d cores, %s/%s, %s, %s", cpu, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), clang)
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
