# ucs2_bytes' two-byte branch (BMP text past Latin-1) leaks its UTF-16 text.
#   ucs2_bytes: blocks [1, 1, 1].  ucs2_bytes_safe: [0, 0, 0].
from reach import F, attempt, block_changes, say

say("ucs2_bytes:", F("ab"), F("\u4e2d\u6587"), attempt(F, "\U0001F600"))
say("blocks per call:", block_changes(lambda: F("\u4e2d\u6587")))
say("ok")
