# checked_add takes -1 from PyLong_AsLong for its error: for a = -1 it returns NULL with no exception.
#   checked_add: SystemError.  checked_add_safe: -1.
from reach import F, attempt, say

say("checked_add(2, 3):", F(2, 3))
say("checked_add(-1, 0):", attempt(F, -1, 0))
say("ok")
