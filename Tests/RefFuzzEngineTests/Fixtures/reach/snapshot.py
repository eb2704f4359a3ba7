# snapshot sizes its tuple by len(): a list subclass whose __len__ says more than it holds takes the
# RuntimeError path, which leaks the tuple and the items in it.
#   snapshot: changes [1, 1, 1].  snapshot_safe: [0, 0, 0].
from reach import F, Job, attempt, refcount_changes, say


class Liar(list):
    def __len__(self):
        return 3


items = Liar([Job("a"), Job("b")])
say("snapshot({1}):", F({1}), "snapshot(a Liar):", attempt(F, items))
say("refcount change per call:", refcount_changes(items[0], lambda: attempt(F, items)))
say("ok")
