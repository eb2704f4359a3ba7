# assign does dst[:] = src by hand with src's items borrowed from its array: given one list twice
# (f(a, a)), emptying dst frees that array and the items, which assign then appends.
#   assign: dies of SIGSEGV.  assign_safe: prints [Job(a), Job(b)], "ok".
from reach import F, Job, say

dst = [1]
F(dst, [2, 3])
say("assign([1], [2, 3]):", dst)
same = [Job("a"), Job("b")]
F(same, same)
say("assign(a, a):", same)
say("ok")
