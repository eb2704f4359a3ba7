# freeze returns a frozenset argument as its own copy, borrowed, as a new reference.
#   freeze: changes [-1, -1, -1].  freeze_safe: [0, 0, 0].
from reach import F, Job, refcount_changes, say

members = frozenset([Job("a")])
say("freeze([1, 1]):", F([1, 1]))
say("refcount change per call:", refcount_changes(members, lambda: F(members)))
say("ok")
