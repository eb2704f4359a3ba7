# chunks8 never releases the memoryview it slices data past 8 bytes with: data keeps its reference.
#   chunks8: changes [1, 1, 1].  chunks8_safe: [0, 0, 0].
from reach import F, refcount_changes, say

data = b"0123456789"
say("chunks8(b'0123456789'):", F(data))
say("refcount change per call:", refcount_changes(data, lambda: F(data)))
say("ok")
