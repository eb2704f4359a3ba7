# Codec(capacity) allocates the codec and its pending list, then checks the capacity (1..65536); the
# buggy error path returns NULL without releasing them. Each refused construction leaves one codec alive
# that nothing refers to, seen by gc.
#   Codec: live codecs 100, 200, 300 after 100, 200, 300 refusals.  Codec_safe: 0, 0, 0.  Both then
#   encode with a good capacity and print "ok".
import gc

from example import TYPE, say


def live_codecs():
    gc.collect()
    return sum(1 for o in gc.get_objects() if type(o) is TYPE)


counts = []
for _ in range(3):
    for _ in range(100):
        try:
            TYPE(0)
        except ValueError:
            pass
    counts.append(live_codecs())
say("live codecs after 100, 200, 300 refused constructions:", counts)

codec = TYPE(16)
say("pending:", codec.encode([b"bytes", "str", 12345]), "flushed:", codec.flush())
del codec
say("live codecs after a good one was dropped:", live_codecs() - counts[-1])
say("ok")
