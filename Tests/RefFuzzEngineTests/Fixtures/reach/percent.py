# percent leaks both arguments on the ZeroDivisionError path that a whole of 0 takes.
#   percent: changes [1, 1, 1].  percent_safe: [0, 0, 0].
from reach import F, attempt, refcount_changes, say

part = 1000001
say("percent(1, 4):", F(1, 4), "percent(1000001, 0):", attempt(F, part, 0))
say("refcount change per call:", refcount_changes(part, lambda: attempt(F, part, 0)))
say("ok")
