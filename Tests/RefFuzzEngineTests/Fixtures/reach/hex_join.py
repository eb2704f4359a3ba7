# hex_join stores a byte value's text from its table in the result list without a reference of its own:
# [65, 65] makes the list release the table's "41" twice, and the next call joins freed text.
#   hex_join: prints the first join, then dies of SIGSEGV.  hex_join_safe: prints both and "ok".
from reach import F, say

say("first:", F([65, 65]))
say("second:", F([65, 1000]))
say("ok")
