# encode_varints leaks the item on the ValueError path that a negative item takes.
#   encode_varints: changes [1, 1, 1].  encode_varints_safe: [0, 0, 0].
from reach import F, attempt, refcount_changes, say

item = -1000000
say("encode_varints([-1000000]):", attempt(F, [item]))
say("refcount change per call:", refcount_changes(item, lambda: attempt(F, [item])))
say("ok")
