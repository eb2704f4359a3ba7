# unique releases each item it keeps once too often past 16 items.
#   unique: changes [-1, -1, -1].  unique_safe: [0, 0, 0].
from reach import F, Job, refcount_changes, say

items = [Job(i) for i in range(17)]
say("unique([1, 2, 1]):", F([1, 2, 1]))
say("refcount change per call:", refcount_changes(items[0], lambda: F(items), alike=items[1:]))
say("ok")
