# canonical_zeros leaks each -0.0 it replaces by 0.0.
#   canonical_zeros: changes [1, 1, 1].  canonical_zeros_safe: [0, 0, 0].
from reach import F, refcount_changes, say

negative_zero = -0.0
say("canonical_zeros([-0.0, 1]):", F([negative_zero, 1]))
say("refcount change per call:", refcount_changes(negative_zero, lambda: F([negative_zero])))
say("ok")
