# merge leaks its copy of the dict when the other mapping's keys() (of a dict subclass) raises.
#   merge: changes [1, 1, 1].  merge_safe: [0, 0, 0].
from reach import F, Job, attempt, refcount_changes, say


class Locked(dict):
    def keys(self):
        raise PermissionError("locked")


d = {"k": Job("v")}
say("merge({1: 2}, {3: 4}):", F({1: 2}, {3: 4}), "with a Locked:", attempt(F, d, Locked()))
say("refcount change per call:", refcount_changes(d["k"], lambda: attempt(F, d, Locked())))
say("ok")
