// How many freed objects CPython keeps in its per-type free lists (tuples, lists, dicts, dict keys,
// floats, ...). Those blocks are allocated but hold no live object, so the live-block count minus this
// number counts live objects exactly: a leaked list taken from a free list shows up, and a list given
// back to one does not. The counters are interpreter internals, read through the headers of the very
// Python this binary is compiled against; for a layout we do not know, 0 (priming keeps free lists
// full instead, which is nearly as good).
#define Py_BUILD_CORE 1
#include <Python.h>
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
#include "internal/pycore_interp.h"
#endif
#include "RefFuzzRuntime.h"

int64_t rf_free_list_objects(void) {
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030C0000
    PyInterpreterState *interp = PyInterpreterState_Get();
    int64_t n = 0;
    for (int i = 0; i < PyTuple_NFREELISTS; i++) n += interp->tuple.numfree[i];
    n += interp->list.numfree;
    n += interp->dict_state.numfree + interp->dict_state.keys_numfree;
    n += interp->float_state.numfree;
    n += interp->context.numfree;
    n += interp->async_gen.value_numfree + interp->async_gen.asend_numfree;
    return n;
#else
    return 0;
#endif
}
