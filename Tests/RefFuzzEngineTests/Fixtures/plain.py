# What the plain-Python scripts of Fixtures/stateful and Fixtures/reach share, which show the bugs of
# refexamples without RefFuzz (under PYTHONMALLOC=debug).


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
