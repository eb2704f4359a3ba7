# label leaks the whole decoded field when it cuts it at a NUL.
#   label: blocks [1, 1, 1].  label_safe: [0, 0, 0].
from reach import F, block_changes, say

say("label(b'eth0\\0\\0\\0\\0'):", F(b"eth0\0\0\0\0"), "label(b'eth0'):", F(b"eth0"))
say("blocks per call:", block_changes(lambda: F(b"ab\0c")))
say("ok")
