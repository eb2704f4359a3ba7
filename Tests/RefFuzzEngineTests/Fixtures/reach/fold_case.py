# fold_case returns ASCII text with no capital letter as it is, borrowed, as a new reference.
#   fold_case: changes [-1, -1, -1].  fold_case_safe: [0, 0, 0].
from reach import F, refcount_changes, say

text = "".join(["ab", "c"])  # a fresh string
say("fold_case('Hello'):", F("Hello"))
say("refcount change per call:", refcount_changes(text, lambda: F(text)))
say("ok")
