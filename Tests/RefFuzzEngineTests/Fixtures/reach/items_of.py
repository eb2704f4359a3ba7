# items_of keeps a dict subclass's key borrowed across its __getitem__: one that empties the mapping
# frees the key, which items_of then packs into a pair.
#   items_of: dies of SIGSEGV.  items_of_safe: prints [(300, 1)], "ok".
from reach import F, say


class Computed(dict):
    def __getitem__(self, key):
        self.clear()
        return 1


say("items_of({'a': 1}):", F({"a": 1}))
key = "".join(["k"] * 300)  # fresh, and too long for its freed memory to be taken again at once
mapping = Computed({key: 2})
del key
say("with a Computed:", [(len(k), v) for k, v in F(mapping)])
say("ok")
