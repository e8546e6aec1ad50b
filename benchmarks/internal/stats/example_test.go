package stats_test

import (
	"fmt"
	"math"

	"github.com/structfuzz/structfuzz/benchmarks/internal/stats"
)

// Executions to a bug over five runs each; a run that missed the bug is
// +Inf (censored at the budget).
func Example() {
	structured := []float64{900, 1500, 2100, 4000, 7000}
	bytes := []float64{250000, 800000, math.Inf(1), math.Inf(1), math.Inf(1)}
	fmt.Println("median:", stats.Median(structured), stats.Median(bytes))
	fmt.Println("A12:", stats.A12(structured, bytes))
	fmt.Printf("p: %.3f\n", stats.MannWhitneyU(structured, bytes))
	// Output:
	// median: 2100 +Inf
	// A12: 1
	// p: 0.011
}
