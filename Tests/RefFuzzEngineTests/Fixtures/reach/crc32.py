# crc32 never releases the buffer view it holds, from 64 bytes on, while the GIL is released.
#   crc32: changes [1, 1, 1].  crc32_safe: [0, 0, 0].
import zlib

from reach import F, refcount_changes, say

data = b"a" * 64
say("crc32 as zlib's:", F(b"abc") == zlib.crc32(b"abc"), F(data) == zlib.crc32(data))
say("refcount change per call:", refcount_changes(data, lambda: F(data)))
say("ok")
