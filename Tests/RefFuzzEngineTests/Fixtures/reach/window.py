# window never releases the slice of the last 64 items of a list past 64 items.
#   window: changes [1, 1, 1].  window_safe: [0, 0, 0].
from reach import F, Job, refcount_changes, say

items = [Job(i) for i in range(65)]
say("window of 65 items:", len(F(items)), F(items)[0])
say("refcount change per call:", refcount_changes(items[-1], lambda: F(items)))
say("ok")
