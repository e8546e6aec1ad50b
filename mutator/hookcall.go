package mutator

import "github.com/structfuzz/structfuzz/internal/plan"

// CallHook runs the Mutate hook of *ptr's type once on *ptr (the
// registered function, or else the method), as Mutate does when it
// chooses that hook, with room for the value's encoding to grow by budget
// bytes (see Budget). It reports false, doing nothing, when the type has
// no Mutate hook. Fuzzing never needs it: it is for tools that test
// hooks, such as harness.CheckHooks, which calls a hook twice with the
// same seed to see whether it depends on anything else. Path reports ""
// during the call: the value is taken as the root.
func (m *Mutator) CallHook(ptr any, budget int) (bool, error) {
	p, v, err := target(ptr)
	if err != nil {
		return false, err
	}
	if !p.Hooks.Has(plan.MutateHook) {
		return false, nil
	}
	saved := m.budget
	m.budget = budget
	defer func() { m.budget = saved }()
	m.callHook(p, v, 0)
	return true, nil
}
