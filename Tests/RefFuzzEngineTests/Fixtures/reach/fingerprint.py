# fingerprint never releases the tuple of the items that it hashes past 8 items: each keeps a reference.
#   fingerprint: changes [1, 1, 1].  fingerprint_safe: [0, 0, 0].
from reach import F, Job, refcount_changes, say

items = [Job(i) for i in range(9)]
say("fingerprint of 8 and 9 items:", F(items[:8]) == F(items[:8]), F(items) == F(items))
say("refcount change per call:", refcount_changes(items[0], lambda: F(items)))
say("ok")
