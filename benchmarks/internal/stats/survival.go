package stats

import (
	"math"
	"sort"
)

// Survival analysis of runs that may stop before the bug: a run that
// found it is an event at its executions; one stopped by the budget or
// the wall-clock cap is right-censored at the executions it reached. The
// plain median treats every censored run as +Inf, which throws away how
// far a run stopped by the clock got; the Kaplan-Meier estimator uses it.

// KaplanMeier estimates the survival function S(t), the probability that
// a run has not found the bug by time t, from times (one a run) and event
// (true: the run found the bug at that time; false: it was censored
// then). It returns the distinct event times in increasing order and S
// just after each. A run censored at the same time as an event counts as
// at risk at that event, the usual convention.
func KaplanMeier(times []float64, event []bool) (ts, surv []float64) {
	type obs struct {
		t     float64
		event bool
	}
	o := make([]obs, 0, len(times))
	for i, t := range times {
		o = append(o, obs{t, event[i]})
	}
	sort.Slice(o, func(i, j int) bool {
		if o[i].t != o[j].t {
			return o[i].t < o[j].t
		}
		return o[i].event && !o[j].event // events before censorings at one time
	})
	s := 1.0
	atRisk := len(o)
	for i := 0; i < len(o); {
		j, d := i, 0
		for j < len(o) && o[j].t == o[i].t {
			if o[j].event {
				d++
			}
			j++
		}
		if d > 0 {
			s *= 1 - float64(d)/float64(atRisk)
			ts, surv = append(ts, o[i].t), append(surv, s)
		}
		atRisk -= j - i
		i = j
	}
	return ts, surv
}

// KMMedian returns the Kaplan-Meier median: the first event time at which
// the estimated survival drops to one half or below, or +Inf when it
// never does (fewer than half of the runs are known to have found the
// bug within the times observed).
func KMMedian(times []float64, event []bool) float64 {
	ts, surv := KaplanMeier(times, event)
	for i, s := range surv {
		if s <= 0.5 {
			return ts[i]
		}
	}
	return math.Inf(1)
}

// RMST returns the restricted mean survival time up to tau: the area
// under the Kaplan-Meier curve from 0 to tau, the expected time to the
// bug when every run is stopped at tau (a run that never finds it counts
// tau). Beyond the last observation the curve is held at its last value.
// Comparing two configurations by their RMST at the same tau uses every
// run, censored ones included (Royston and Parmar).
func RMST(times []float64, event []bool, tau float64) float64 {
	ts, surv := KaplanMeier(times, event)
	area, prevT, prevS := 0.0, 0.0, 1.0
	for i, t := range ts {
		if t >= tau {
			break
		}
		area += (t - prevT) * prevS
		prevT, prevS = t, surv[i]
	}
	return area + (tau-prevT)*prevS
}
