# concat leaks its copy of the list when the other sequence's __iter__ (of a list subclass) raises.
#   concat: changes [1, 1, 1].  concat_safe: [0, 0, 0].
from reach import F, Job, attempt, refcount_changes, say


class Unreadable(list):
    def __iter__(self):
        raise OSError("unreadable")


items = [Job("a")]
say("concat([1], (2, 3)):", F([1], (2, 3)), "with an Unreadable:", attempt(F, items, Unreadable()))
say("refcount change per call:", refcount_changes(items[0], lambda: attempt(F, items, Unreadable())))
say("ok")
