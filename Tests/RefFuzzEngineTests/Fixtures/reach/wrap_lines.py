# wrap_lines leaks each line of a text past 64 characters (PyList_Append does not steal).
#   wrap_lines: blocks [1, 1, 1] (the 64-character line; the last, "a", is cached).  wrap_lines_safe: [0, 0, 0].
from reach import F, block_changes, say

say("wrap_lines('a' * 65):", [len(line) for line in F("a" * 65)])
say("blocks per call:", block_changes(lambda: F("a" * 65)))
say("ok")
