# fixed_point sets ValueError for a subnormal and returns a result all the same.
#   fixed_point: SystemError.  fixed_point_safe: ValueError.
from reach import F, say

say("fixed_point(1.5):", F(1.5))
try:  # a plain call: CPython checks its result (a call through f(*args) may not, in 3.11)
    say("fixed_point(5e-324):", F(5e-324))
except Exception as error:
    say("fixed_point(5e-324):", type(error).__name__)
say("ok")
