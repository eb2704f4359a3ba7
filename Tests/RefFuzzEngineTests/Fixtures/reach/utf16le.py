# utf16le sizes its output one unit a character: a character past U+FFFF (a surrogate pair) overruns it,
# and PYTHONMALLOC=debug finds the overrun when the bytes are freed.
#   utf16le: prints the bytes, then aborts (bad trailing pad byte).  utf16le_safe: "ok".
from reach import F, say

say("utf16le('a'):", F("a"))
say("utf16le('a\\U0001F600'):", F("a\U0001F600"))
say("ok")
