# scramble keeps a bytearray's storage pointer across its progress callback: a callback that empties
# the bytearray frees the storage (a megabyte: given back to the system), and scramble writes on into it.
#   scramble: dies of SIGSEGV.  scramble_safe: stops where the bytearray ends, "ok".
from reach import F, say

small = bytearray(b"abc")
F(small, lambda offset: None)
say("scrambled:", small.hex())
data = bytearray(1 << 20)
F(data, lambda offset: data.clear() if offset == 0 else None)
say("after a clear:", len(data))
say("ok")
