# write_all leaks its bound write method, and with it a reference to the file, when a write raises.
#   write_all: changes [1, 1, 1].  write_all_safe: [0, 0, 0].
import io

from reach import F, attempt, refcount_changes, say


class FullDisk:
    def write(self, text):
        raise OSError(28, "No space left on device")


out = io.StringIO()
F([1, "a"], out)
say("written:", repr(out.getvalue()))
disk = FullDisk()
say("to a full disk:", attempt(F, [1], disk))
say("refcount change per call:", refcount_changes(disk, lambda: attempt(F, [1], disk)))
say("ok")
