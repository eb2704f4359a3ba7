# short_repr leaks the whole decimal text when it cuts the text of an int past 40 digits.
#   short_repr: blocks [1, 1, 1].  short_repr_safe: [0, 0, 0].
from reach import F, block_changes, say

say("short_repr(10**40):", F(10**40))
say("blocks per call:", block_changes(lambda: F(10**40)))
say("ok")
