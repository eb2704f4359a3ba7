# collect presizes its list by __length_hint__ and writes past its end when the iterator yields more:
# PYTHONMALLOC=debug finds the overrun when the list's storage is freed.
#   collect: aborts (bad trailing pad byte).  collect_safe: prints [0, 1, 2], "ok".
from reach import F, say


class Liar:
    """Three items, and a __length_hint__ that says one."""

    def __init__(self):
        self.left = 3

    def __iter__(self):
        return self

    def __next__(self):
        if self.left == 0:
            raise StopIteration
        self.left -= 1
        return 2 - self.left

    def __length_hint__(self):
        return 1


say("collect(iter('ab')):", F(iter("ab")))
say("collect(Liar()):", F(Liar()))
say("ok")
