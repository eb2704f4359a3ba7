# half releases its float argument, borrowed, as if PyNumber_Float had made it.
#   half: changes [-1, -1, -1].  half_safe: [0, 0, 0].
from reach import F, refcount_changes, say

x = 1.5
say("half(3):", F(3))
say("refcount change per call:", refcount_changes(x, lambda: F(x)))
say("ok")
