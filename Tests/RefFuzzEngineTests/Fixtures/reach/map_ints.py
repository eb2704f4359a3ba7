# map_ints leaks what the function returned when it is no int (the TypeError path).
#   map_ints: changes [1, 1, 1].  map_ints_safe: [0, 0, 0].
from reach import F, Job, attempt, refcount_changes, say

result = Job("r")
say("map_ints([1, -2], abs):", F([1, -2], abs), "with a Job:", attempt(F, [1], lambda item: result))
say("refcount change per call:", refcount_changes(result, lambda: attempt(F, [1], lambda item: result)))
say("ok")
