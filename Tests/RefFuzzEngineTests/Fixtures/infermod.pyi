# The stub shipped beside infermod (a test fixture): only merge_into is described here; the rest of the
# module is left to signatures, docstrings and probe calls.
from typing import Callable, Mapping

def merge_into(target: dict[str, int], source: Mapping[str, int], hook: Callable[[], None], /) -> None: ...
