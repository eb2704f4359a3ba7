# as_text Py_SETREFs its borrowed bytes argument: each call takes one of its references.
#   as_text: changes [-1, -1, -1].  as_text_safe: [0, 0, 0].
from reach import F, refcount_changes, say

data = bytes([99, 97, 102, 195, 169])
say("as_text('x'):", F("x"))
say("refcount change per call:", refcount_changes(data, lambda: F(data)))
say("ok")
