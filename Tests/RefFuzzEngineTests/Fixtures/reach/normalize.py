# normalize leaks its tuple of the items, a reference to each, on the ZeroDivisionError path that items
# summing to 0 take (here one 0.0).
#   normalize: changes [1, 1, 1].  normalize_safe: [0, 0, 0].
from reach import F, attempt, refcount_changes, say

zero = 0.0
say("normalize([1, 3]):", F([1, 3]), "normalize([0.0]):", attempt(F, [zero]))
say("refcount change per call:", refcount_changes(zero, lambda: attempt(F, [zero])))
say("ok")
