# pack_i32 leaks its output bytes on the OverflowError path that an item past 32 bits takes.
#   pack_i32: blocks [1, 1, 1].  pack_i32_safe: [0, 0, 0].
from reach import F, attempt, block_changes, say

say("pack_i32([2**31 - 1]):", F([2**31 - 1]), "pack_i32([2**31]):", attempt(F, [2**31]))
say("blocks per call:", block_changes(lambda: attempt(F, [2**31])))
say("ok")
