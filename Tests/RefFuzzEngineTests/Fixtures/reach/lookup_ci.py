# lookup_ci keeps a value borrowed across key.lower(): a str subclass's lower is Python code, and one
# that empties the dict frees the value that lookup_ci then returns.
#   lookup_ci: dies of SIGSEGV.  lookup_ci_safe: prints Job(v), "ok".
from reach import F, Job, say


class Key(str):
    def lower(self):
        headers.clear()
        return str.lower(self)


say("lookup_ci({'Host': 1}, 'HOST'):", F({"Host": 1}, "HOST"))
headers = {Key("Host"): Job("v")}
say("with a Key:", F(headers, "host"))
say("ok")
