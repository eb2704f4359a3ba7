# first_index keeps str and int items borrowed across hashing them: a str subclass's __hash__ that
# empties the list frees the item, which PyDict_SetDefault stores all the same.
#   first_index: dies of SIGSEGV.  first_index_safe: prints {'ab': 0}, "ok".
from reach import F, say


class Key(str):
    def __hash__(self):
        items.clear()
        return str.__hash__(self)


say("first_index(['a', 'b', 'a']):", F(["a", "b", "a"]))
items = [Key("".join(["a", "b"]))]
say("with a Key:", F(items))
say("ok")
