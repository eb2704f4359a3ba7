# byteswap releases an array's buffer before the loop whose progress callback may resize the array: a
# callback that empties it frees the storage (a megabyte: given back to the system), and byteswap writes
# on into it. The twin keeps the buffer, so the array refuses to resize (BufferError).
#   byteswap: dies of SIGSEGV.  byteswap_safe: BufferError, "ok".
from array import array

from reach import F, attempt, say

small = array("H", [1, 2])
F(small, lambda index: None)
say("swapped:", small.tolist())
items = array("d", bytes(1 << 20))


def empty(index):
    if index == 0:
        del items[:]


say("after a clear:", attempt(F, items, empty), len(items))
say("ok")
