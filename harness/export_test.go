package harness

// UnitHits returns how many lookups of h's decoded-unit cache found their
// unit.
func UnitHits[T any](h *Harness[T]) int { return h.units.hits }
