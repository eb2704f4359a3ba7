# Bucket.peek() returns the newest item, borrowed from the bucket's list, as a new reference: each peek
# takes one reference from the item (the caller drops the result). An item held elsewhere shows its count
# drop per peek; an item only the bucket holds dies at the first peek while the bucket still holds it,
# and the second peek returns freed memory.
#   Bucket: prints drops [0, 1, 2, 3], then dies of SIGSEGV.  Bucket_safe: drops [0, 0, 0, 0], then "ok".
import sys

from example import TYPE, Job, say

b = TYPE()
held = Job("held")
keep = [held] * 3  # references of our own, so that the item outlives three drops
b.add(held)
counts = [sys.getrefcount(held)]
for _ in range(3):
    b.peek()
    counts.append(sys.getrefcount(held))
say("refcount drops across three peeks:", [counts[0] - count for count in counts])

only = TYPE()
only.add(Job("only"))  # the bucket holds the only reference
only.peek()
say("second peek:", repr(only.peek()))
say("ok")
