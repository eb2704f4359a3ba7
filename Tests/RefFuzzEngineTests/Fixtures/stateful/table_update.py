# Table.update(other) walks other's storage by pointer while putting into itself. A table's storage has
# 8 entries; setting a key again moves it to the end, so update(t) with itself appends one entry for each
# it reads. After five puts, the fourth re-put finds the storage full and compacts it into a new array,
# freeing the one the walk is in; the next entry is read from freed memory. With four puts (N=4) the
# storage just fills and nothing goes wrong.
#   Table: dies of SIGSEGV in update.  Table_safe: update copies the entries first; prints them and "ok".
from example import TYPE, N, say

t = TYPE()
for key in "abcdefgh"[: N or 5]:
    t.put(key, key.upper())
t.update(t)
say("items:", t.items())
say("ok")
