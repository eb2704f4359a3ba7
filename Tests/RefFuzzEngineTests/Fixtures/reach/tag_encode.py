# tag_encode's Latin-1 branch takes PyBytes_Concat for ConcatAndDel and leaks the encoded text.
#   tag_encode: blocks [1, 1, 1].  tag_encode_safe: [0, 0, 0].
from reach import F, block_changes, say

say("tag_encode:", F("ab"), F("\xe9\xe9"), F("\u20ac"))
say("blocks per call:", block_changes(lambda: F("\xe9\xe9")))
say("ok")
