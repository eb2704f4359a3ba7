# unescape leaks its work buffer (a bytearray) on the early return for empty bytes.
#   unescape: blocks [1, 1, 1].  unescape_safe: [0, 0, 0].
from reach import F, block_changes, say

say("unescape(b'a\\\\x41'):", F(b"a\\x41"), "unescape(b''):", F(b""))
say("blocks per call:", block_changes(lambda: F(b"")))
say("ok")
