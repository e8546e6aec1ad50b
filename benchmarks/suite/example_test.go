package suite_test

import (
	"fmt"
	"strings"

	"github.com/structfuzz/structfuzz/benchmarks/suite"
)

// The report is drawn from recorded runs, so a full run's runs.json can be
// rendered again without fuzzing.
func ExampleMarkdown() {
	var runs []suite.Run
	for seed, n := range []int64{1200, 3400, 2200} {
		runs = append(runs,
			suite.Run{Example: "orders", Config: "a", Seed: seed + 1, Budget: 1e6, Outcome: suite.Found, Execs: n, Seconds: 0.5},
			suite.Run{Example: "orders", Config: "c", Seed: seed + 1, Budget: 1e6, Outcome: suite.Budget, Execs: 1e6, Seconds: 9})
	}
	md := suite.Markdown(&suite.Results{Command: "go run ./cmd/sfbench", Machine: "a laptop", Seeds: []int{1, 2, 3}, Budget: 1e6, Runs: runs})
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| orders") {
			fmt.Println(line)
		}
	}
	// Output:
	// | orders | 3/3 | 2200 | (c) | 0/3 | >1M | ≥455× | 0.064 | 1.00 |
}
