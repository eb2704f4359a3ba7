# pop_name uses a str key after deleting it from the dict: an interned key lives on in the interpreter
# (masked), a fresh one dies with the dict's reference, and the key's repr reads freed memory.
#   pop_name: prints the interned case, then dies of SIGSEGV.  pop_name_safe: both, then "ok".
from reach import F, Job, say

say("interned:", F({"append": Job("v")}))
say("fresh:", F({"".join(["na", "me"]): Job("v")}))
say("ok")
