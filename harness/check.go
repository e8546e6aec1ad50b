package harness

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/structfuzz/structfuzz/codec"
	"github.com/structfuzz/structfuzz/hook"
	"github.com/structfuzz/structfuzz/internal/hookfault"
	"github.com/structfuzz/structfuzz/internal/hookpath"
	"github.com/structfuzz/structfuzz/internal/plan"
	"github.com/structfuzz/structfuzz/internal/walk"
	"github.com/structfuzz/structfuzz/mutator"
)

// CheckType reports whether T can be fuzzed, as Validate does (the type
// model compiles: no interface without variants, no chan or func field, no
// malformed tag, no misdeclared hook), and also that the smallest value of
// T, post-processed, still encodes: a PostProcess hook that breaks it (a
// cycle, a value out of its tag's range) would reject every input. The
// error is a *TypeError naming the path. `structfuzz build` runs it before
// compiling.
func (h *Harness[T]) CheckType() (err error) {
	if err := h.Validate(); err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = &TypeError{Type: h.TypeName(), Err: fmt.Errorf("post-processing the smallest value: %s", panicText(r))}
		}
	}()
	v, err := h.decodeLenient(nil, 0)
	if err == nil {
		_, err = h.co.Marshal(v)
	}
	if err != nil {
		return &TypeError{Type: h.TypeName(), Err: fmt.Errorf("the smallest value, post-processed, does not encode: %w", err)}
	}
	return nil
}

// panicText describes what a hook panicked with: the harness's own report
// of a failed hook (an error), or anything else.
func panicText(r any) string {
	if err, ok := r.(error); ok {
		return strings.TrimPrefix(err.Error(), "structfuzz: ")
	}
	return fmt.Sprintf("a hook panicked: %v", r)
}

// CheckInput is an input for CheckHooks: the bytes of a corpus file (any
// bytes: they are decoded leniently, as the mutation pipeline does) and a
// name for the report.
type CheckInput struct {
	Name string
	Data []byte
}

// CheckOptions configure CheckHooks. The zero value is ready to use.
type CheckOptions struct {
	// Seeds are the seeds every hook runs with, twice each (default
	// DefaultCheckSeeds).
	Seeds []uint64
	// Generate is the number of inputs to generate by mutation when
	// CheckHooks is given none (default 32).
	Generate int
	// MaxSize bounds generated inputs and sets the size budget Mutate
	// hooks see (default: MaxLen).
	MaxSize int
	// Log, if not nil, receives a summary: how often each hook ran, and
	// the hooks of the type that no input reached (and so went unchecked).
	Log io.Writer
	// HookTimeout bounds one step of the check (one hook run twice, one
	// input decoded or generated); zero means DefaultCheckTimeout and a
	// negative value none. A hook still running after it ends the check
	// with an error naming it. The hook keeps running on its goroutine,
	// holding the harness, so the process should end soon after.
	HookTimeout time.Duration
}

// DefaultCheckTimeout is CheckOptions.HookTimeout's default.
const DefaultCheckTimeout = 10 * time.Second

// DefaultCheckSeeds are the seeds CheckHooks uses by default.
var DefaultCheckSeeds = []uint64{1, 2, 3}

// HookMismatch is a hook that gave two different results for the same
// value and seed. A hook must depend on nothing but its value and its
// random source: one that reads global state, the clock or map order
// makes a libFuzzer input that does not reproduce.
type HookMismatch struct {
	// Hook is "Mutate", "CrossOver" or "PostProcess".
	Hook string
	// Type is the type whose hook it is, e.g. "sample.Reading".
	Type string
	// Path is where in the input the value was, e.g. "Msg.Readings[2]".
	Path string
	// Input names the input (a file name, or "generated#3").
	Input string
	// Seed is the seed both runs had.
	Seed uint64
	// First and Second are the two results in the codec's readable JSON
	// (or what went wrong, when a result does not encode).
	First, Second string
}

// Error implements error.
func (m *HookMismatch) Error() string {
	return fmt.Sprintf("%s of %s is not deterministic: at %s in input %s, seed %d, the same value gave %s, then %s",
		m.Hook, m.Type, m.Path, m.Input, m.Seed, m.First, m.Second)
}

// HookMismatches is the error of CheckHooks when hooks are not
// deterministic: one entry per hook (the first mismatch found for it).
type HookMismatches []*HookMismatch

// Error implements error.
func (ms HookMismatches) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "structfuzz: %d hook(s) gave different results for the same value and seed (a hook must depend only on its value and its random source: global state, the clock or map order break libFuzzer's reproducibility):", len(ms))
	for _, m := range ms {
		b.WriteString("\n\t")
		b.WriteString(m.Error())
	}
	return b.String()
}

// checkNode is a value in an input whose type has a hook.
type checkNode struct {
	p    *plan.Plan
	v    reflect.Value // addressable, read only
	path string
	// hookPath is path as hook.Context's Path gives it, from the root.
	hookPath string
	input    string
	room     int // the budget of the input it is in
}

// CheckHooks runs every hook (Mutate, CrossOver and PostProcess, methods
// and registered functions) that the inputs reach twice, on copies of the
// same value with the same seed, and returns a HookMismatches error
// naming each hook whose two results differ. With no inputs, it generates
// opts.Generate inputs by mutation. It first runs CheckType, and returns
// its error if T cannot be fuzzed. A hook that panics ends the check with
// an error naming it.
//
// Only the values the inputs hold are checked: opts.Log lists the hooks
// that no input reached.
func (h *Harness[T]) CheckHooks(inputs []CheckInput, opts CheckOptions) error {
	timeout := opts.HookTimeout
	if timeout == 0 {
		timeout = DefaultCheckTimeout
	}
	var st checkStage
	if timeout < 0 {
		return h.checkHooks(inputs, opts, &st)
	}
	done := make(chan error, 1)
	go func() { done <- h.checkHooks(inputs, opts, &st) }()
	tick := time.NewTicker(min(max(timeout/4, time.Millisecond), time.Second))
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			if stage, since := st.get(); time.Since(since) > timeout {
				return fmt.Errorf("structfuzz: %s did not return within %v: a hook that never returns (the check stops here; the hook keeps running until the process ends)", stage, timeout)
			}
		}
	}
}

// checkStage is where CheckHooks is, for its timeout.
type checkStage struct {
	mu    sync.Mutex
	what  string
	since time.Time
}

func (s *checkStage) set(what string) {
	s.mu.Lock()
	s.what, s.since = what, time.Now()
	s.mu.Unlock()
}

func (s *checkStage) get() (string, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.since.IsZero() {
		return "", time.Now()
	}
	return s.what, s.since
}

// checkHooks is CheckHooks after the type check, reporting each step to st.
func (h *Harness[T]) checkHooks(inputs []CheckInput, opts CheckOptions, st *checkStage) (err error) {
	st.set("the type check (which post-processes the smallest value)")
	if err := h.CheckType(); err != nil {
		return err
	}
	if len(opts.Seeds) == 0 {
		opts.Seeds = DefaultCheckSeeds
	}
	if opts.Generate <= 0 {
		opts.Generate = 32
	}
	if opts.MaxSize <= 0 {
		opts.MaxSize = h.MaxLen()
	}
	root, err := plan.For(reflect.TypeFor[T]())
	if err != nil {
		return &TypeError{Type: h.TypeName(), Err: err}
	}
	stage := "generating inputs"
	st.set(stage)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("structfuzz: %s: %s", stage, panicText(r))
		}
	}()
	if len(inputs) == 0 {
		inputs = h.generate(opts)
	}
	var nodes []checkNode
	for _, in := range inputs {
		stage = "decoding input " + in.Name
		st.set(stage)
		v, err := h.decodeLenient(in.Data, 0)
		if err != nil {
			return fmt.Errorf("structfuzz: input %s: %w", in.Name, err)
		}
		enc, err := h.co.Marshal(v)
		if err != nil {
			return fmt.Errorf("structfuzz: input %s does not encode after PostProcess: %w", in.Name, err)
		}
		c := collector{co: h.co, input: in.Name, room: opts.MaxSize - len(enc)}
		c.walk(root, reflect.ValueOf(v).Elem(), root.Name)
		nodes = append(nodes, c.nodes...)
	}

	// Donors for CrossOver: the next value of the same type, from any
	// input (the value itself when it is the only one).
	byType := map[reflect.Type][]int{}
	for i, n := range nodes {
		byType[n.p.Type] = append(byType[n.p.Type], i)
	}
	donor := func(i int) checkNode {
		same := byType[nodes[i].p.Type]
		at := sort.SearchInts(same, i)
		return nodes[same[(at+1)%len(same)]]
	}

	type hookKey struct {
		k plan.HookKind
		t reflect.Type
	}
	calls := map[hookKey]int{}
	failed := map[hookKey]bool{}
	var mismatches HookMismatches
	for i, n := range nodes {
		for k := plan.HookKind(0); k < plan.NumHookKinds; k++ {
			key := hookKey{k, n.p.Type}
			if !n.p.Hooks.Has(k) || failed[key] {
				continue
			}
			for _, seed := range opts.Seeds {
				stage = fmt.Sprintf("%s of %v at %s in input %s, seed %d", plan.HookName(k), n.p.Type, n.path, n.input, seed)
				st.set(stage)
				var d checkNode
				if k == plan.CrossOverHook {
					d = donor(i)
				}
				enc1, js1 := h.runHook(k, n, d, seed)
				enc2, js2 := h.runHook(k, n, d, seed)
				calls[key] += 2
				if !bytes.Equal(enc1, enc2) || js1 != js2 {
					mismatches = append(mismatches, &HookMismatch{Hook: plan.HookName(k), Type: n.p.Type.String(),
						Path: n.path, Input: n.input, Seed: seed, First: js1, Second: js2})
					failed[key] = true
					break
				}
			}
		}
	}
	if opts.Log != nil {
		var lines []string
		for key, n := range calls {
			lines = append(lines, fmt.Sprintf("%s of %v: %d calls", plan.HookName(key.k), key.t, n))
		}
		for _, hk := range hooksOf(root) {
			if calls[hookKey{hk.k, hk.t}] == 0 {
				lines = append(lines, fmt.Sprintf("%s of %v: not reached by any input, not checked", plan.HookName(hk.k), hk.t))
			}
		}
		sort.Strings(lines)
		if len(lines) == 0 {
			lines = append(lines, "(the type has no hooks)")
		}
		fmt.Fprintf(opts.Log, "checked the hooks of %s on %d inputs with %d seeds:\n", h.TypeName(), len(inputs), len(opts.Seeds))
		for _, l := range lines {
			fmt.Fprintf(opts.Log, "\t%s\n", l)
		}
	}
	if len(mismatches) > 0 {
		return mismatches
	}
	return nil
}

// generate makes inputs for CheckHooks by chained mutation from the
// empty input.
func (h *Harness[T]) generate(opts CheckOptions) []CheckInput {
	var inputs []CheckInput
	var data []byte
	for i := range opts.Generate {
		seed := uint64(i + 1)
		if out := h.Mutate(data, opts.MaxSize, seed); out != nil {
			data = out
		}
		inputs = append(inputs, CheckInput{Name: "generated#" + strconv.Itoa(i+1), Data: data})
	}
	return inputs
}

// checkStream is the stream of the random sources CheckHooks gives
// CrossOver and PostProcess hooks.
const checkStream = 0x5f3759df

// runHook runs hook k of node n once on a copy of its value, with seed,
// and returns the result's encoding and readable form.
func (h *Harness[T]) runHook(k plan.HookKind, n, donor checkNode, seed uint64) ([]byte, string) {
	c, err := walk.Clone(h.co, n.p, n.v)
	if err != nil {
		return nil, "(the value does not copy: " + err.Error() + ")"
	}
	ptr := c.Addr()
	hc := &checkContext{r: rand.New(rand.NewPCG(seed, checkStream)), budget: max(n.room, 0), path: n.hookPath}
	switch k {
	case plan.MutateHook:
		m := mutator.New(seed, mutator.WithCodec(h.co))
		if _, err := m.CallHook(ptr.Interface(), n.room); err != nil {
			return nil, "(" + err.Error() + ")"
		}
	case plan.CrossOverHook:
		d, err := walk.Clone(h.co, donor.p, donor.v)
		if err != nil {
			return nil, "(the donor does not copy: " + err.Error() + ")"
		}
		if fn, ok := n.p.Hooks.Funcs[plan.CrossOverHook].(func(dst, donor reflect.Value, c hook.Context)); ok {
			fn(c, d, hc)
		} else {
			ptr.MethodByName("CrossOver").Call([]reflect.Value{d.Addr(), hookArg(n.p, k, hc)})
		}
	case plan.PostProcessHook:
		if fn, ok := n.p.Hooks.Funcs[plan.PostProcessHook].(func(v reflect.Value, c hook.Context)); ok {
			fn(c, hc)
		} else {
			ptr.MethodByName("PostProcess").Call([]reflect.Value{hookArg(n.p, k, hc)})
		}
	}
	enc, err := h.co.Marshal(ptr.Interface())
	if err != nil {
		return nil, "(the result does not encode: " + err.Error() + ")"
	}
	js, err := hookfault.CompactJSON(ptr.Interface())
	if err != nil {
		return enc, fmt.Sprintf("%+v", c.Interface())
	}
	return enc, js
}

// checkContext is the hook.Context CheckHooks gives CrossOver and
// PostProcess hooks: the same for both runs of a hook.
type checkContext struct {
	r      *rand.Rand
	budget int
	path   string
}

func (c *checkContext) Rand() *rand.Rand { return c.r }
func (c *checkContext) Budget() int      { return c.budget }
func (c *checkContext) Path() string     { return c.path }

// hookArg is the last argument of the hook method of kind k of plan p:
// hc, or its random source for a method of the older form.
func hookArg(p *plan.Plan, k plan.HookKind, hc *checkContext) reflect.Value {
	if p.Hooks.TakesContext(k) {
		var c hook.Context = hc
		return reflect.ValueOf(&c).Elem()
	}
	return reflect.ValueOf(hc.r)
}

// collector finds the values of an input whose types have hooks.
type collector struct {
	co    codec.Options
	input string
	room  int
	nodes []checkNode
	// at is the path of the value being walked as hooks see it
	// (hook.Context's Path).
	at hookpath.Stack
}

// addressable returns v, or an addressable copy of it.
func addressable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return walk.Unrestricted(v)
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c
}

func (c *collector) walk(p *plan.Plan, v reflect.Value, path string) {
	if !c.reachesHook(p) {
		return
	}
	v = addressable(v)
	if p.Hooks.Has(plan.MutateHook) || p.Hooks.Has(plan.CrossOverHook) || p.Hooks.Has(plan.PostProcessHook) {
		c.nodes = append(c.nodes, checkNode{p: p, v: v, path: path, hookPath: c.at.String(), input: c.input, room: c.room})
	}
	switch p.Kind {
	case plan.Struct:
		for _, f := range p.Fields {
			c.at.Field(f.Name)
			c.walk(f.Plan, v.Field(f.Index), path+"."+f.Name)
			c.at.Pop()
		}
	case plan.Array, plan.Slice, plan.Bytes:
		for i := range v.Len() {
			c.at.Index(i)
			c.walk(p.Elem, v.Index(i), path+"["+strconv.Itoa(i)+"]")
			c.at.Pop()
		}
	case plan.Map:
		for i, e := range walk.Entries(c.co, p, v) {
			c.at.Key(i, e.K)
			c.walk(p.Key, e.K, path+"[key#"+strconv.Itoa(i)+"]")
			c.at.Pop()
			c.at.Entry(i, e.K)
			c.walk(p.Elem, e.V, path+"[value#"+strconv.Itoa(i)+"]")
			c.at.Pop()
		}
	case plan.Pointer:
		if !v.IsNil() {
			c.walk(p.Elem, v.Elem(), path)
		}
	case plan.Union:
		if !v.IsNil() {
			if i := p.VariantIndex(v.Elem().Type()); i >= 0 {
				vr := p.Variants[i]
				c.at.Variant(vr.Name)
				c.walk(vr.Plan, v.Elem(), path+".("+vr.Name+")")
				c.at.Pop()
			}
		}
	}
}

// reachesHook reports whether a value of plan p can hold a value with a
// hook, map keys included: the type model knows.
func (c *collector) reachesHook(p *plan.Plan) bool {
	for k := plan.HookKind(0); k < plan.NumHookKinds; k++ {
		if p.ReachesHook(k, true) {
			return true
		}
	}
	return false
}

// planHook is a hook kind of a type.
type planHook struct {
	k plan.HookKind
	t reflect.Type
}

// hooksOf lists the hooks of the types a value of plan p can hold, in the
// order a walk meets them.
func hooksOf(p *plan.Plan) []planHook {
	var out []planHook
	seen := map[*plan.Plan]bool{}
	var visit func(p *plan.Plan)
	visit = func(p *plan.Plan) {
		if p == nil || seen[p.Base] {
			return
		}
		seen[p.Base] = true
		for k := plan.HookKind(0); k < plan.NumHookKinds; k++ {
			if p.Hooks.Has(k) {
				out = append(out, planHook{k, p.Type})
			}
		}
		for _, f := range p.Fields {
			visit(f.Plan)
		}
		visit(p.Key)
		visit(p.Elem)
		for _, v := range p.Variants {
			visit(v.Plan)
		}
	}
	visit(p)
	return out
}
