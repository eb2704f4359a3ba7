# flatten recurses into a list inside itself until the C stack overflows.
#   flatten: dies of SIGSEGV.  flatten_safe: RecursionError.
from reach import F, attempt, say

say("flatten([1, [2, [3]]]):", F([1, [2, [3]]]))
looped = [1]
looped.append(looped)
say("flatten(a list inside itself):", attempt(F, looped))
say("ok")
