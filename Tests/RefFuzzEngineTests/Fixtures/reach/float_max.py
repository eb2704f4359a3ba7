# float_max returns a nan item, borrowed, as a new reference: each call costs the item one.
#   float_max: changes [-1, -1, -1].  float_max_safe: [0, 0, 0].
from reach import F, refcount_changes, say

nan = float("nan")
say("float_max([1, 2.5]):", F([1, 2.5]))
say("refcount change per call:", refcount_changes(nan, lambda: F([1.0, nan])))
say("ok")
