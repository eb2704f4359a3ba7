# What the scripts of this folder share: each runs the sequence of calls that shows one bug of
# refexamples' extension types (Sources/RefFuzzExamples/types.c), on the type named by its arguments:
#
#   PYTHONMALLOC=debug python3.X SCRIPT.py MODULE_DIR TYPE [N]
#
# MODULE_DIR holds refexamples as built by Scripts/build-examples; TYPE is the buggy type (Queue) or its
# twin (Queue_safe). A script prints what it saw and ends with "ok" when nothing went wrong.
import sys

sys.path.insert(0, sys.argv[1])
import refexamples  # noqa: E402

TYPE = getattr(refexamples, sys.argv[2])
N = int(sys.argv[3]) if len(sys.argv) > 3 else None


class Job:
    """An object only its holders keep alive, allocated (and, under PYTHONMALLOC=debug, poisoned when
    freed) by the allocator: a use after free reads 0xDD bytes as its type and crashes."""
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Job({self.name})"


def say(*words):
    print(*words, flush=True)
