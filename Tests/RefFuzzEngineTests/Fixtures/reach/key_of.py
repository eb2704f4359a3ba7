# key_of returns bytes of 8 or fewer as their own key, borrowed, as a new reference.
#   key_of: changes [-1, -1, -1].  key_of_safe: [0, 0, 0].
from reach import F, refcount_changes, say

data = bytes([97, 98])  # fresh: not the one-byte cache
say("key_of(bytes(9)):", len(F(bytes(9))))
say("refcount change per call:", refcount_changes(data, lambda: F(data)))
say("ok")
