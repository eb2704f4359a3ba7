# xor_words leaks the item on the unsigned path that an item from 2**63 to 2**64 - 1 takes.
#   xor_words: changes [1, 1, 1].  xor_words_safe: [0, 0, 0].
from reach import F, refcount_changes, say

item = 2**63
say("xor_words([1, 3]):", F([1, 3]), "xor_words([2**63]):", F([item]))
say("refcount change per call:", refcount_changes(item, lambda: F([item])))
say("ok")
