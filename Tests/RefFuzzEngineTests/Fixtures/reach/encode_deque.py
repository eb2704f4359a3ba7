# encode_deque releases each deque item as if borrowed, calls progress(deque), then takes the item's repr:
# a progress that pops the item frees it.
#   encode_deque: dies of SIGSEGV.  encode_deque_safe: prints ['Job(a)'], "ok".
from collections import deque

from reach import F, Job, say

say("encode_deque(deque([1, 2])):", F(deque([1, 2]), lambda items: None))
say("with a popleft:", F(deque([Job("a"), Job("b")]), lambda items: items.popleft()))
say("ok")
