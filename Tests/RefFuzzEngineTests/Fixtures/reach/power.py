# power returns its borrowed base as a new reference for an exponent of 1: each call costs the caller one.
#   power: changes [-1, -1, -1].  power_safe: [0, 0, 0].
from reach import F, refcount_changes, say

base = 1000003
say("power(3, 2):", F(3, 2))
say("refcount change per call:", refcount_changes(base, lambda: F(base, 1)))
say("ok")
