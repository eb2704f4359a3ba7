# render_items walks an OrderedDict with each value borrowed across progress(mapping): a progress that
# replaces the value frees the old one, and render_items takes its repr.
#   render_items: dies of SIGSEGV.  render_items_safe: prints ['k=Job(old)'], "ok".
from collections import OrderedDict

from reach import F, Job, say

say("render_items({'k': 1}):", F({"k": 1}, lambda mapping: mapping.update(k=2)))
od = OrderedDict(k=Job("old"))
say("with a replacement:", F(od, lambda mapping: mapping.update(k=Job("new"))))
say("ok")
