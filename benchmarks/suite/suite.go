// Package suite is the benchmark suite that measures what structure-aware
// mutation buys: it fuzzes every example of examples/ under six
// configurations (structfuzz's custom mutator in a native and a
// go-fuzz-build binary, and four byte-level baselines) with the same
// execution budget and seeds, records the executions and seconds each run
// took to reach the planted bug, and writes a Markdown report and a plot.
//
// The command benchmarks/cmd/sfbench runs it; TestQuick runs a small
// version in CI and fails when structfuzz misses a bug it should find.
package suite

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Options configure a run of the suite.
type Options struct {
	// Root is the repository root.
	Root string
	// Examples and Configs select what to run (empty: everything).
	Examples []string
	Configs  []string
	// Seeds are the libFuzzer seeds, one run each.
	Seeds []int
	// Budget is the executions each run may use.
	Budget int64
	// Budgets overrides Budget per configuration (quick mode gives the
	// baselines less).
	Budgets map[string]int64
	// Limit caps one run's wall-clock time; a run that reaches it is
	// censored like one that used up its budget.
	Limit time.Duration
	// Jobs is how many runs go at once.
	Jobs int
	// Log receives progress lines.
	Log func(format string, args ...any)

	quick bool
}

// QuickBudget is the executions of a quick-mode run that is not expected
// to find its bug.
const QuickBudget = 5_000

// Quick turns o into the suite's quick mode, the one CI runs: seeds 1 and
// 2, structfuzz with o.Budget, the byte-level baselines and the Slow
// examples with QuickBudget executions. It checks that every pipeline
// works end to end and that structfuzz finds every bug of the examples
// that are not Slow; it measures nothing.
func (o *Options) Quick() {
	o.Seeds = []int{1, 2}
	o.quick = true
	o.Budgets = map[string]int64{}
	for _, c := range Configs {
		if !c.Structured {
			o.Budgets[c.ID] = QuickBudget
		}
	}
}

func (o *Options) logf(format string, args ...any) {
	if o.Log != nil {
		o.Log(format, args...)
	}
}

func (o *Options) budget(e Example, c Config) int64 {
	if o.quick && e.Slow {
		return QuickBudget
	}
	if b, ok := o.Budgets[c.ID]; ok {
		return b
	}
	return o.Budget
}

// selected resolves the example and configuration names of o.
func (o *Options) selected() ([]Example, []Config, error) {
	var exs []Example
	for _, name := range o.Examples {
		e, ok := exampleNamed(name)
		if !ok {
			return nil, nil, fmt.Errorf("no example %q", name)
		}
		exs = append(exs, e)
	}
	if len(exs) == 0 {
		exs = Examples
	}
	var cfgs []Config
	for _, id := range o.Configs {
		c, ok := configByID(id)
		if !ok {
			return nil, nil, fmt.Errorf("no configuration %q (want a to g)", id)
		}
		cfgs = append(cfgs, c)
	}
	if len(cfgs) == 0 {
		cfgs = DefaultConfigs()
	}
	return exs, cfgs, nil
}

// Execute builds every binary, then fuzzes each example under each
// configuration once per seed. Runs are interleaved (seed, example,
// configuration) so that a slow spell of the machine does not fall on one
// configuration. Results come back in that order; onRun sees each as it
// ends.
func Execute(ctx context.Context, o Options, onRun func(Run)) ([]Run, error) {
	exs, cfgs, err := o.selected()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "sfbench-bin")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b := &Builder{Root: o.Root, Dir: dir, Log: o.Log}
	if err := b.Prepare(); err != nil {
		return nil, err
	}
	type job struct {
		i   int
		e   Example
		c   Config
		bin string
		s   int
	}
	var jobs []job
	for _, s := range o.Seeds {
		for _, e := range exs {
			for _, c := range cfgs {
				if !e.applies(c) {
					continue
				}
				bin, err := b.Binary(e, c)
				if err != nil {
					return nil, err
				}
				jobs = append(jobs, job{len(jobs), e, c, bin, s})
			}
		}
	}
	o.logf("%d runs of %d examples x %d configurations x %d seeds, %d at a time", len(jobs), len(exs), len(cfgs), len(o.Seeds), max(1, o.Jobs))

	runs := make([]Run, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range max(1, o.Jobs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				r, err := runOne(ctx, j.bin, j.e, j.c, j.s, o.budget(j.e, j.c), o.Limit)
				runs[j.i], errs[j.i] = r, err
				if err == nil && onRun != nil {
					mu.Lock()
					onRun(r)
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return runs, nil
}

// Results is what a run of the suite leaves: the runs and how they were
// made, enough to redraw the report without fuzzing again.
type Results struct {
	Command string    `json:"command"`
	Machine string    `json:"machine"`
	Date    time.Time `json:"date"`
	Seeds   []int     `json:"seeds"`
	Budget  int64     `json:"budget"`
	Runs    []Run     `json:"runs"`
}

// Save writes r as runs.json into dir.
func (r *Results) Save(dir string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "runs.json"), append(b, '\n'), 0o644)
}

// Load reads the runs.json in dir.
func Load(dir string) (*Results, error) {
	b, err := os.ReadFile(filepath.Join(dir, "runs.json"))
	if err != nil {
		return nil, err
	}
	var r Results
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, "runs.json"), err)
	}
	return &r, nil
}

// Replace puts r into runs in place of the run with the same example,
// configuration and seed, or appends it.
func Replace(runs []Run, r Run) []Run {
	for i, old := range runs {
		if old.Example == r.Example && old.Config == r.Config && old.Seed == r.Seed {
			runs[i] = r
			return runs
		}
	}
	return append(runs, r)
}

// Missed lists the runs of structfuzz's native build (configuration a)
// that did not find the bug of an example that is neither Slow nor
// Unreliable: what quick mode fails on.
func Missed(runs []Run) []Run {
	var out []Run
	for _, r := range runs {
		if e, ok := exampleNamed(r.Example); ok && !e.Slow && e.Unreliable == "" && r.Config == "a" && r.Outcome != Found {
			out = append(out, r)
		}
	}
	return out
}

// examplesIn lists the example names of runs in suite order.
func examplesIn(runs []Run) []string {
	var names []string
	for _, e := range Examples {
		if slices.ContainsFunc(runs, func(r Run) bool { return r.Example == e.Name }) {
			names = append(names, e.Name)
		}
	}
	return names
}

// configsIn lists the configuration letters of runs in suite order.
func configsIn(runs []Run) []Config {
	var out []Config
	for _, c := range Configs {
		if slices.ContainsFunc(runs, func(r Run) bool { return r.Config == c.ID }) {
			out = append(out, c)
		}
	}
	return out
}
