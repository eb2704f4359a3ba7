# uuid_bytes leaks an int it makes per call (2**64 - 1) on the two-word path that 2**64 and past take.
#   uuid_bytes: blocks [1, 1, 1].  uuid_bytes_safe: [0, 0, 0].
from reach import F, block_changes, say

say("uuid_bytes(2**64 - 1):", F(2**64 - 1).hex(), "uuid_bytes(2**64):", F(2**64).hex())
say("blocks per call:", block_changes(lambda: F(2**64)))
say("ok")
