# nth_item reads the list's size before converting the index, whose __index__ may empty the list: it
# then reads an item past the end of the emptied list.
#   nth_item: dies of SIGSEGV.  nth_item_safe: IndexError, "ok".
from reach import F, Job, attempt, say


class Index:
    def __index__(self):
        items.clear()
        return 0


say("nth_item(['a', 'b'], -1):", F(["a", "b"], -1))
items = [Job("a")]
say("with an Index:", attempt(F, items, Index()))
say("ok")
