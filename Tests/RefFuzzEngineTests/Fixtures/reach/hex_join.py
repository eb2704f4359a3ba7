# hex_join stores a byte value's text from its table in the result list without a reference of its own:
# [65, 65] makes the list release the table's "41" twice, and the next call joins freed text.
#   hex_join: prints the first join, then dies of SIGSEGV, or (where the freed text's memory was
#   already reused: 3.13's debug allocator) prints the garbage and aborts.
#   hex_join_safe: prints both and "ok".
import os
from reach import F, say

say("first:", F([65, 65]))
second = F([65, 1000])
say("second:", second)
if second != "41 3e8":
    say("garbage: the table's text was freed and its memory reused")
    os.abort()
say("ok")
