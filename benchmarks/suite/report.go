package suite

import (
	"fmt"
	"math"
	"strings"

	"github.com/structfuzz/structfuzz/benchmarks/internal/stats"
)

// Cell summarises the runs of one example under one configuration.
type Cell struct {
	Example string
	Config  Config
	N       int
	Found   int
	Other   int // runs that crashed elsewhere
	// Timeouts are runs stopped by the wall-clock cap before their budget.
	Timeouts int
	// Execs and Seconds hold one value a run, +Inf for a run that did not
	// find the bug (censored).
	Execs   []float64
	Seconds []float64
	// Reached holds the executions each run reached: to the bug, or to
	// its end. For a censored run it is a lower bound on its executions to
	// the bug.
	Reached []float64
	// ExecsPerSec is the speed over all runs together: their executions
	// over their seconds, so long runs weigh more than start-up.
	ExecsPerSec float64
	Budget      int64

	execs, seconds float64 // sums over the runs, for ExecsPerSec
}

// MedianExecs is the median executions to the bug, +Inf when half or more
// of the runs missed it.
func (c *Cell) MedianExecs() float64 { return stats.Median(c.Execs) }

// MedianBound is a lower bound on the median executions to the bug: the
// median of Reached. It is the median itself when MedianExecs is finite.
func (c *Cell) MedianBound() float64 { return stats.Median(c.Reached) }

// found lists, for each run, whether it found the bug.
func (c *Cell) found() []bool {
	f := make([]bool, len(c.Execs))
	for i, x := range c.Execs {
		f[i] = !math.IsInf(x, 1)
	}
	return f
}

// KMMedianExecs is the Kaplan-Meier median of the executions to the bug:
// runs stopped before it (by the budget or the clock) count as censored
// at the executions they reached, not as +Inf. It is +Inf when the
// estimated share of runs that found the bug never reaches one half.
func (c *Cell) KMMedianExecs() float64 { return stats.KMMedian(c.Reached, c.found()) }

// RMSTExecs is the restricted mean executions to the bug up to tau (see
// stats.RMST): a run that had not found it by tau counts tau.
func (c *Cell) RMSTExecs(tau float64) float64 { return stats.RMST(c.Reached, c.found(), tau) }

// horizon returns the executions every configuration of an example
// observed: the smallest, over its cells, of the most executions a run
// reached. Restricted means compare configurations up to it.
func horizon(byCfg map[string]*Cell) float64 {
	h := math.Inf(1)
	for _, c := range byCfg {
		m := 0.0
		for _, r := range c.Reached {
			m = max(m, r)
		}
		h = min(h, m)
	}
	return h
}

// MedianSeconds is the median seconds to the bug, +Inf likewise.
func (c *Cell) MedianSeconds() float64 { return stats.Median(c.Seconds) }

// Summarise groups runs into cells, by example then configuration.
func Summarise(runs []Run) map[string]map[string]*Cell {
	cells := map[string]map[string]*Cell{}
	for _, r := range runs {
		c, ok := configByID(r.Config)
		if !ok {
			continue
		}
		if cells[r.Example] == nil {
			cells[r.Example] = map[string]*Cell{}
		}
		cell := cells[r.Example][r.Config]
		if cell == nil {
			cell = &Cell{Example: r.Example, Config: c, Budget: r.Budget}
			cells[r.Example][r.Config] = cell
		}
		cell.N++
		x, s := math.Inf(1), math.Inf(1)
		switch r.Outcome {
		case Found:
			cell.Found++
			x, s = float64(r.Execs), r.Seconds
		case Other:
			cell.Other++
		case Timeout:
			cell.Timeouts++
		}
		cell.execs += float64(r.Execs)
		cell.seconds += r.Seconds
		cell.Reached = append(cell.Reached, float64(r.Execs))
		cell.Execs = append(cell.Execs, x)
		cell.Seconds = append(cell.Seconds, s)
	}
	for _, byCfg := range cells {
		for _, cell := range byCfg {
			if cell.seconds > 0 {
				cell.ExecsPerSec = cell.execs / cell.seconds
			}
		}
	}
	return cells
}

// Comparison is configuration a against the best byte-level baseline of
// one example.
type Comparison struct {
	Example string
	A       *Cell
	Best    *Cell // nil without baselines
	// Ratio is the baseline's median executions over a's; when the
	// baseline's median is censored it is a lower bound: the median of the
	// executions its runs reached over a's median.
	Ratio      float64
	RatioBound bool
	P, A12     float64
}

// Compare finds the best baseline of each example (most runs found, then
// fewest median executions) and compares configuration a with it.
func Compare(cells map[string]map[string]*Cell, examples []string) []Comparison {
	var out []Comparison
	for _, name := range examples {
		a := cells[name]["a"]
		if a == nil {
			continue
		}
		cmp := Comparison{Example: name, A: a, P: math.NaN(), A12: math.NaN(), Ratio: math.NaN()}
		for _, c := range Configs {
			cell := cells[name][c.ID]
			if c.Structured || cell == nil {
				continue
			}
			if cmp.Best == nil || cell.Found > cmp.Best.Found ||
				cell.Found == cmp.Best.Found && cell.MedianExecs() < cmp.Best.MedianExecs() {
				cmp.Best = cell
			}
		}
		if cmp.Best != nil {
			cmp.P = stats.MannWhitneyU(a.Execs, cmp.Best.Execs)
			cmp.A12 = stats.A12(a.Execs, cmp.Best.Execs)
			am, bm := a.MedianExecs(), cmp.Best.MedianExecs()
			switch {
			case math.IsInf(am, 1):
			case math.IsInf(bm, 1):
				cmp.Ratio, cmp.RatioBound = cmp.Best.MedianBound()/am, true
			default:
				cmp.Ratio = bm / am
			}
		}
		out = append(out, cmp)
	}
	return out
}

// Markdown renders the report of res: the summary comparison, then one
// table per example.
func Markdown(res *Results) string {
	var b strings.Builder
	cells := Summarise(res.Runs)
	names := examplesIn(res.Runs)
	cfgs := configsIn(res.Runs)

	fmt.Fprintf(&b, "# structfuzz benchmark results\n\n")
	fmt.Fprintf(&b, "Generated by `%s` on %s.\n\n", res.Command, res.Date.Format("2006-01-02"))
	fmt.Fprintf(&b, "Machine: %s.\n\n", res.Machine)
	fmt.Fprintf(&b, "Budget: %s executions a run; seeds %s; every run starts from an empty corpus. ", count(float64(res.Budget)), seedList(res.Seeds))
	fmt.Fprintf(&b, "A run that did not find the planted bug is censored: it counts as not found, and a median is \">N\" when half the runs or more missed, N being the median of the executions the runs reached (a run stopped by the wall-clock cap reached fewer than the budget).\n\n")

	fmt.Fprintf(&b, "## Configurations\n\n")
	for _, c := range cfgs {
		fmt.Fprintf(&b, "- **(%s)** %s\n", c.ID, c.Label)
	}
	fmt.Fprintf(&b, "\n## structfuzz (a) against the best byte-level baseline\n\n")
	fmt.Fprintf(&b, "Best baseline: the byte-level configuration (c to f) that found the bug in the most runs, then with the fewest median executions. ")
	fmt.Fprintf(&b, "p: two-sided Mann-Whitney U on executions to the bug (censored runs tie above every found run). ")
	fmt.Fprintf(&b, "A12: Vargha-Delaney, the probability that a run of (a) needs fewer executions than a run of the baseline (1 = always).\n\n")
	fmt.Fprintf(&b, "| example | (a) found | (a) median execs | best baseline | its found | its median execs | fewer execs | p | A12 |\n")
	fmt.Fprintf(&b, "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for _, cmp := range Compare(cells, names) {
		if cmp.Best == nil {
			fmt.Fprintf(&b, "| %s | %d/%d | %s | | | | | | |\n", cmp.Example, cmp.A.Found, cmp.A.N, execs(cmp.A))
			continue
		}
		ratio := "n/a"
		if !math.IsNaN(cmp.Ratio) {
			ratio = fmt.Sprintf("%s×", ratioText(cmp.Ratio))
			if cmp.RatioBound {
				ratio = "≥" + ratio
			}
		}
		fmt.Fprintf(&b, "| %s | %d/%d | %s | (%s) | %d/%d | %s | %s | %s | %.2f |\n",
			cmp.Example, cmp.A.Found, cmp.A.N, execs(cmp.A), cmp.Best.Config.ID,
			cmp.Best.Found, cmp.Best.N, execs(cmp.Best), ratio, pValue(cmp.P), cmp.A12)
	}

	fmt.Fprintf(&b, "\n## Every configuration\n\n")
	fmt.Fprintf(&b, "Median executions and seconds to the bug; exec/s is the executions of all runs over their wall-clock seconds (start-up included, so it favours long runs). ")
	fmt.Fprintf(&b, "Censored runs, survival analysis: KM median is the Kaplan-Meier median of the executions to the bug, where a run stopped before the bug counts as censored at the executions it reached (\">N\": fewer than half are estimated to find it by N, the most any run reached); RMST is the restricted mean executions to the bug up to τ, the most executions that every configuration of the example observed (a run that had not found the bug by τ counts τ).\n\n")
	for _, name := range names {
		fmt.Fprintf(&b, "### %s\n\n", name)
		tau := horizon(cells[name])
		fmt.Fprintf(&b, "τ = %s executions.\n\n", count(tau))
		fmt.Fprintf(&b, "| configuration | found | median execs | KM median execs | RMST execs | median seconds | exec/s |\n| --- | --- | --- | --- | --- | --- | --- |\n")
		for _, c := range cfgs {
			cell := cells[name][c.ID]
			if cell == nil {
				continue
			}
			found := fmt.Sprintf("%d/%d", cell.Found, cell.N)
			if cell.Other > 0 {
				found += fmt.Sprintf(", %d other crash", cell.Other)
			}
			if cell.Timeouts > 0 {
				found += fmt.Sprintf(", %d stopped by the time cap", cell.Timeouts)
			}
			fmt.Fprintf(&b, "| (%s) %s | %s | %s | %s | %s | %s | %s |\n", c.ID, c.Label, found, execs(cell), kmExecs(cell), count(cell.RMSTExecs(tau)), seconds(cell), count(cell.ExecsPerSec))
		}
		fmt.Fprintf(&b, "\n")
	}
	return b.String()
}

// execs renders a cell's median executions.
func execs(c *Cell) string {
	m := c.MedianExecs()
	if math.IsInf(m, 1) {
		return ">" + count(c.MedianBound())
	}
	return count(m)
}

// kmExecs renders a cell's Kaplan-Meier median executions.
func kmExecs(c *Cell) string {
	m := c.KMMedianExecs()
	if math.IsInf(m, 1) {
		most := 0.0
		for _, r := range c.Reached {
			most = max(most, r)
		}
		return ">" + count(most)
	}
	return count(m)
}

// seconds renders a cell's median seconds.
func seconds(c *Cell) string {
	m := c.MedianSeconds()
	if math.IsInf(m, 1) {
		return "-"
	}
	if m < 10 {
		return fmt.Sprintf("%.2f", m)
	}
	return fmt.Sprintf("%.0f", m)
}

// count renders a number compactly: 950, 12.3k, 4.5M.
func count(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "-"
	case x >= 1e6:
		return trimZero(fmt.Sprintf("%.2f", x/1e6)) + "M"
	case x >= 1e4:
		return trimZero(fmt.Sprintf("%.1f", x/1e3)) + "k"
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	default:
		return trimZero(fmt.Sprintf("%.1f", x))
	}
}

func trimZero(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// ratioText renders a ratio with two significant digits below 10.
func ratioText(r float64) string {
	if r >= 10 {
		return count(r)
	}
	return trimZero(fmt.Sprintf("%.2g", r))
}

func pValue(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p < 0.001:
		return "<0.001"
	default:
		return fmt.Sprintf("%.3f", p)
	}
}

func seedList(seeds []int) string {
	if len(seeds) == 0 {
		return "none"
	}
	contiguous := true
	for i := 1; i < len(seeds); i++ {
		contiguous = contiguous && seeds[i] == seeds[i-1]+1
	}
	if contiguous && len(seeds) > 2 {
		return fmt.Sprintf("%d to %d", seeds[0], seeds[len(seeds)-1])
	}
	s := make([]string, len(seeds))
	for i, x := range seeds {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
