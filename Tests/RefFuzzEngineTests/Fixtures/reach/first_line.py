# first_line returns its borrowed fallback as a new reference for an empty text.
#   first_line: changes [-1, -1, -1].  first_line_safe: [0, 0, 0].
from reach import F, refcount_changes, say

fallback = "".join(["fall", "back"])  # a fresh string
say("first_line('a\\nb', '-'):", F("a\nb", "-"))
say("refcount change per call:", refcount_changes(fallback, lambda: F("", fallback)))
say("ok")
