# Queue.visit(callback) borrows each item from the queue's storage across callback(item). A callback
# that takes the front item with get() drops the queue's reference, the item's last one; visit then
# takes the repr of the freed item.
#   Queue: dies of SIGSEGV in visit.  Queue_safe: visit owns the item; prints its repr and "ok".
from example import TYPE, Job, say

q = TYPE()
q.put(Job("a"))  # the queue holds the only reference
q.put(Job("b"))


def take_front(item):
    q.get()  # re-enters the queue; the front item it returns is dropped at once


say("visit:", q.visit(take_front))
say("left:", len(q))
say("ok")
