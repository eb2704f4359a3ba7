# to_millis leaks its tuple of the items, a reference to each, on the OverflowError path of an infinity.
#   to_millis: changes [1, 1, 1].  to_millis_safe: [0, 0, 0].
from reach import F, attempt, refcount_changes, say

inf = float("inf")
say("to_millis([1.5, nan]):", F([1.5, float("nan")]), "to_millis([inf]):", attempt(F, [inf]))
say("refcount change per call:", refcount_changes(inf, lambda: attempt(F, [inf])))
say("ok")
