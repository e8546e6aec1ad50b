package suite

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// configColors gives each configuration a line colour (colour-blind safe
// palette, Okabe and Ito).
var configColors = map[string]string{
	"a": "#0072B2", "b": "#56B4E9", "c": "#D55E00",
	"d": "#E69F00", "e": "#009E73", "f": "#CC79A7",
	"g": "#000000", "h": "#F0E442", "p": "#999999",
}

// Plot draws, for every example, the fraction of runs that had found the
// bug against executions (log scale), one line per configuration, as an
// SVG image.
func Plot(res *Results) string {
	const (
		panelW, panelH = 300, 190
		padL, padB     = 44, 34
		plotW, plotH   = panelW - padL - 12, panelH - padB - 24
		cols           = 3
		legendH        = 28
	)
	cells := Summarise(res.Runs)
	names := examplesIn(res.Runs)
	cfgs := configsIn(res.Runs)
	rows := (len(names) + cols - 1) / cols
	width, height := cols*panelW, legendH+rows*panelH+20

	budget := float64(res.Budget)
	for _, r := range res.Runs {
		budget = math.Max(budget, float64(r.Budget))
	}
	lo, hi := 1.0, math.Ceil(math.Log10(math.Max(budget, 10)))
	xOf := func(execs float64) float64 {
		l := math.Log10(math.Max(execs, 10))
		return padL + (l-lo)/(hi-lo)*plotW
	}
	yOf := func(frac float64) float64 { return 24 + (1-frac)*plotH }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	for i, c := range cfgs {
		x := 10 + i*(width-20)/len(cfgs)
		fmt.Fprintf(&b, `<line x1="%d" y1="14" x2="%d" y2="14" stroke="%s" stroke-width="3"/><text x="%d" y="18">(%s) %s</text>`+"\n",
			x, x+18, configColors[c.ID], x+22, c.ID, c.Short)
	}
	for i, name := range names {
		ox, oy := (i%cols)*panelW, legendH+(i/cols)*panelH
		fmt.Fprintf(&b, `<g transform="translate(%d,%d)">`+"\n", ox, oy)
		fmt.Fprintf(&b, `<text x="%d" y="14" font-weight="bold">%s</text>`+"\n", padL, name)
		// Axes and grid.
		for d := lo; d <= hi; d++ {
			x := xOf(math.Pow(10, d))
			fmt.Fprintf(&b, `<line x1="%.1f" y1="24" x2="%.1f" y2="%d" stroke="#ddd"/><text x="%.1f" y="%d" text-anchor="middle">1e%d</text>`+"\n",
				x, x, 24+plotH, x, 24+plotH+13, int(d))
		}
		for _, f := range []float64{0, 0.5, 1} {
			y := yOf(f)
			fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end">%g</text>`+"\n",
				padL, y, padL+plotW, y, padL-4, y+4, f)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">executions</text>`+"\n", padL+plotW/2, 24+plotH+27)
		fmt.Fprintf(&b, `<text transform="translate(11,%d) rotate(-90)" text-anchor="middle">found</text>`+"\n", 24+plotH/2)
		for _, c := range cfgs {
			cell := cells[name][c.ID]
			if cell == nil || cell.N == 0 {
				continue
			}
			fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", configColors[c.ID], stepPoints(cell, xOf, yOf, budget))
		}
		fmt.Fprintf(&b, "</g>\n")
	}
	fmt.Fprintf(&b, "</svg>\n")
	return b.String()
}

// stepPoints is the empirical curve of a cell: the fraction of its runs
// that found the bug within x executions, from 10 executions to the
// budget.
func stepPoints(cell *Cell, xOf, yOf func(float64) float64, budget float64) string {
	var found []float64
	for _, e := range cell.Execs {
		if !math.IsInf(e, 1) {
			found = append(found, e)
		}
	}
	slices.Sort(found)
	var pts []string
	frac := 0.0
	pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(10), yOf(0)))
	for _, e := range found {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(e), yOf(frac)))
		frac += 1 / float64(cell.N)
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(e), yOf(frac)))
	}
	pts = append(pts, fmt.Sprintf("%.1f,%.1f", xOf(budget), yOf(frac)))
	return strings.Join(pts, " ")
}
