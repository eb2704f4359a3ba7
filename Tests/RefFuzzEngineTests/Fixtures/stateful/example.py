# What the scripts of this folder share: each runs the sequence of calls that shows one bug of
# refexamples' extension types (Sources/RefFuzzExamples/types.c), on the type named by its arguments:
#
#   PYTHONMALLOC=debug python3.X SCRIPT.py MODULE_DIR TYPE [N]
#
# MODULE_DIR holds refexamples as built by Scripts/build-examples; TYPE is the buggy type (Queue) or its
# twin (Queue_safe). A script prints what it saw and ends with "ok" when nothing went wrong.
import os
import sys

sys.path.insert(0, sys.argv[1])
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # plain.py
import refexamples  # noqa: E402
from plain import Job, say  # noqa: E402,F401 (for the scripts)

TYPE = getattr(refexamples, sys.argv[2])
N = int(sys.argv[3]) if len(sys.argv) > 3 else None
