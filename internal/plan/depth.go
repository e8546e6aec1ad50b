package plan

// Deeper is the depth step every walk over plans takes when it enters an
// element: the element of a Pointer, Slice or Map whose DepthElem is set,
// or a union Variant whose Depth is set, counts toward the depth limit
// (counts); anything else stays at the depth of its parent. It returns
// the depth of the element and true, or depth and false when the step
// would go past maxDepth: the walk must then stop (an error when encoding
// or strictly decoding, an element left out when decoding leniently or
// generating).
func Deeper(counts bool, depth, maxDepth int) (int, bool) {
	if !counts {
		return depth, true
	}
	if depth >= maxDepth {
		return depth, false
	}
	return depth + 1, true
}
