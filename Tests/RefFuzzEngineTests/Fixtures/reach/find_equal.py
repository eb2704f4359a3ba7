# find_equal keeps int items borrowed across comparing them with an int, but an int subclass's __eq__
# is Python code: one that empties the list frees the item that find_equal then returns.
#   find_equal: dies of SIGSEGV.  find_equal_safe: prints 1000001, "ok".
from reach import F, say


class Equal(int):
    def __eq__(self, other):
        items.clear()
        return True

    __hash__ = int.__hash__


say("find_equal([1, 2], 2):", F([1, 2], 2))
items = [int("1000001")]
say("with an Equal:", F(items, Equal(5)))
say("ok")
