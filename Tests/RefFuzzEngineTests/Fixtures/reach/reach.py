# What the scripts of this folder share: each runs the shortest case of one bug of refexamples' Reach I
# examples (Sources/RefFuzzExamples/reach_values.c and reach_kinds.c) on the function its arguments
# name, the buggy one (hex_join) or its twin (hex_join_safe):
#
#   PYTHONMALLOC=debug python3.X SCRIPT.py MODULE_DIR FUNCTION
#
# MODULE_DIR holds refexamples as built by Scripts/build-examples. A script prints what it saw and ends
# with "ok" when it ran to the end; a use after free or an overrun dies of a signal before that.
import ctypes
import os
import sys

sys.path.insert(0, sys.argv[1])
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # plain.py
import refexamples  # noqa: E402
from plain import Job, say  # noqa: E402,F401 (for the scripts)

F = getattr(refexamples, sys.argv[2])


def attempt(function, *args):
    """function(*args), or the name of the exception it raised."""
    try:
        return function(*args)
    except Exception as error:
        return type(error).__name__


def refcount_changes(obj, call, times=3, alike=()):
    """How obj's count changed across each of `times` calls of call() (whose result is dropped): [1, 1, 1]
    for a leak of obj, [-1, -1, -1] for an over-decref, [0, 0, 0] when neither. The objects `alike` are
    those the call changes as it changes obj: like obj, they are kept alive across the calls, and the
    references an over-decref took are given back to them all afterwards, so that the interpreter's
    teardown does not trip over the damage."""
    keep = [obj, *alike] * 8  # references of our own, so that an over-decref does not free obj under us
    changes = []
    for _ in range(times):
        before = sys.getrefcount(obj)
        call()
        changes.append(sys.getrefcount(obj) - before)
    taken = -sum(change for change in changes if change < 0)
    if taken:
        increment = ctypes.pythonapi.Py_IncRef
        increment.argtypes = [ctypes.py_object]
        for each in [obj, *alike]:
            for _ in range(taken):
                increment(each)
    del keep
    return changes


def block_changes(call, rounds=3, calls=50):
    """The blocks the allocator holds more after each of `rounds` rounds of `calls` calls of call(), per
    call, after a warm-up (caches and free lists fill): [1, 1, 1] when each call leaks one object."""
    for _ in range(calls):
        call()
    changes = []
    for _ in range(rounds):
        before = sys.getallocatedblocks()
        for _ in range(calls):
            call()
        changes.append(round((sys.getallocatedblocks() - before) / calls))
    return changes
