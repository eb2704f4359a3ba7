// refexamples, Reach I's kinds: for each new kind of argument (float, bytes, bytearray, array, frozenset,
// deque, OrderedDict, callable, iterator, file), for the subclasses of built-in types that `any` draws
// (whose overridden lower, __hash__, __eq__, __index__, __len__, __iter__, keys or __getitem__ run a
// mutation or raise), and for one object passed at two argument positions (`f(a, a)`), a bug of the kind
// real code has that only that kind reaches, next to its twin (`name_safe`), a copy that differs only
// by the fix.
//
// A line with a bug says BUG and why. Every function borrows its arguments and returns a new reference,
// or NULL with an exception set: the doc comment of each says so as `name(arg: borrowed, ...) -> new
// TYPE`, and each local `PyObject *` says new or borrowed. Like those of reach_values.c, their rows are
// fuzzed by the default run, and Tests/RefFuzzEngineTests/ReachExamplesTests.swift shows each bug, and its
// twin's absence, in plain Python.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ExampleModule.h"

/// New reference: collections.`name` (a type), or NULL with an exception set.
static PyObject *collections_type(const char *name) {
    PyObject *collections = PyImport_ImportModule("collections"); // new
    if (collections == NULL) return NULL;
    PyObject *type = PyObject_GetAttrString(collections, name); // new
    Py_DECREF(collections);
    return type;
}

/// Calls `callback` (borrowed) with `argument` (borrowed) and drops the result. 0, or -1 with an exception.
static int call_back(PyObject *callback, PyObject *argument) {
    PyObject *result = PyObject_CallOneArg(callback, argument); // new
    Py_XDECREF(result);
    return result == NULL ? -1 : 0;
}

/// Calls `callback` (borrowed) with the int `i`. 0, or -1 with an exception set.
static int call_back_index(PyObject *callback, Py_ssize_t i) {
    PyObject *index = PyLong_FromSsize_t(i); // new
    int status = index ? call_back(callback, index) : -1;
    Py_XDECREF(index);
    return status;
}

// MARK: - float

/// half(x: borrowed) -> new float: the number x halved: half(3) == 1.5.
static PyObject *half(PyObject *module, PyObject *obj) {
    (void)module;
    // BUG: borrowed for a float, new for the rest, and released below either way: a float argument loses a reference
    PyObject *number = PyFloat_Check(obj) ? obj : PyNumber_Float(obj);
    if (number == NULL) return NULL;
    double x = PyFloat_AS_DOUBLE(number);
    Py_DECREF(number);
    return PyFloat_FromDouble(x / 2);
}

static PyObject *half_safe(PyObject *module, PyObject *obj) {
    (void)module;
    PyObject *number = PyFloat_Check(obj) ? Py_NewRef(obj) : PyNumber_Float(obj); // new
    if (number == NULL) return NULL;
    double x = PyFloat_AS_DOUBLE(number);
    Py_DECREF(number);
    return PyFloat_FromDouble(x / 2);
}

// MARK: - bytes

/// as_text(s: borrowed) -> new str: a str as it is, bytes decoded from UTF-8 (with replacement
/// characters): as_text(b"caf\xc3\xa9") == "café".
static PyObject *as_text(PyObject *module, PyObject *obj) {
    (void)module;
    if (PyUnicode_Check(obj)) return Py_NewRef(obj);
    if (!rf_expect(PyBytes_Check(obj), "as_text", "str or bytes")) return NULL;
    PyObject *text = obj; // borrowed
    // BUG: Py_SETREF releases what `text` held, `obj`, which is borrowed: the bytes lose a reference
    Py_SETREF(text, PyUnicode_DecodeUTF8(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), "replace"));
    return text;
}

static PyObject *as_text_safe(PyObject *module, PyObject *obj) {
    (void)module;
    if (PyUnicode_Check(obj)) return Py_NewRef(obj);
    if (!rf_expect(PyBytes_Check(obj), "as_text_safe", "str or bytes")) return NULL;
    PyObject *text = PyUnicode_DecodeUTF8(PyBytes_AS_STRING(obj), PyBytes_GET_SIZE(obj), "replace"); // new
    return text;
}

// MARK: - bytearray

/// scramble(data: borrowed, progress: borrowed) -> new None: XORs the bytearray data in place with a
/// running key, calling progress(offset) before each block of 16 bytes.
static PyObject *scramble(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("scramble", nargs, 2)) return NULL;
    PyObject *data = args[0], *progress = args[1]; // borrowed
    if (!rf_expect(PyByteArray_Check(data), "scramble", "a bytearray")) return NULL;
    char *p = PyByteArray_AS_STRING(data); // into data's storage
    Py_ssize_t n = PyByteArray_GET_SIZE(data);
    unsigned char key = 0x5a;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i % 16 == 0) {
            if (call_back_index(progress, i) < 0) return NULL; // Python code: it may resize data, moving or freeing its storage
            // BUG: p and n are not read again: after a resize they point into storage data no longer has
        }
        p[i] ^= (char)key;
        key = (unsigned char)(key * 31 + 7);
    }
    Py_RETURN_NONE;
}

static PyObject *scramble_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("scramble_safe", nargs, 2)) return NULL;
    PyObject *data = args[0], *progress = args[1]; // borrowed
    if (!rf_expect(PyByteArray_Check(data), "scramble_safe", "a bytearray")) return NULL;
    char *p = PyByteArray_AS_STRING(data);
    Py_ssize_t n = PyByteArray_GET_SIZE(data);
    unsigned char key = 0x5a;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i % 16 == 0) {
            if (call_back_index(progress, i) < 0) return NULL;
            p = PyByteArray_AS_STRING(data); // where the storage is now, and how long
            n = PyByteArray_GET_SIZE(data);
            if (i >= n) break;
        }
        p[i] ^= (char)key;
        key = (unsigned char)(key * 31 + 7);
    }
    Py_RETURN_NONE;
}

// MARK: - array

/// Reverses the `size` bytes at `p`.
static void reverse_bytes(char *p, Py_ssize_t size) {
    for (Py_ssize_t a = 0, b = size - 1; a < b; a++, b--) {
        char c = p[a];
        p[a] = p[b];
        p[b] = c;
    }
}

/// byteswap(items: borrowed, progress: borrowed) -> new None: reverses the bytes of each item of the
/// array.array items in place (array.byteswap by hand), calling progress(index) before each block of 16.
static PyObject *byteswap(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("byteswap", nargs, 2)) return NULL;
    PyObject *items = args[0], *progress = args[1]; // borrowed
    Py_buffer view; // view.obj: a new reference to items, which cannot resize while it exports
    if (PyObject_GetBuffer(items, &view, PyBUF_WRITABLE) < 0) return NULL;
    char *p = view.buf;
    Py_ssize_t size = view.itemsize, count = view.len / view.itemsize;
    PyBuffer_Release(&view); // BUG: released before the loop: the callback may now resize items, moving or freeing what p points to
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i % 16 == 0 && call_back_index(progress, i) < 0) return NULL;
        reverse_bytes(p + i * size, size);
    }
    Py_RETURN_NONE;
}

static PyObject *byteswap_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("byteswap_safe", nargs, 2)) return NULL;
    PyObject *items = args[0], *progress = args[1]; // borrowed
    Py_buffer view; // kept to the end: a resize by the callback is a BufferError
    if (PyObject_GetBuffer(items, &view, PyBUF_WRITABLE) < 0) return NULL;
    char *p = view.buf;
    Py_ssize_t size = view.itemsize, count = view.len / view.itemsize;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (i % 16 == 0 && call_back_index(progress, i) < 0) { PyBuffer_Release(&view); return NULL; }
        reverse_bytes(p + i * size, size);
    }
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

// MARK: - frozenset

/// freeze(items: borrowed) -> new frozenset: the members of the iterable items: freeze([1, 1]) == frozenset({1}).
static PyObject *freeze(PyObject *module, PyObject *items) {
    (void)module;
    if (PyFrozenSet_CheckExact(items)) return items; // BUG: a frozenset is its own frozen copy, but this one is borrowed, returned as new
    return PyFrozenSet_New(items);
}

static PyObject *freeze_safe(PyObject *module, PyObject *items) {
    (void)module;
    if (PyFrozenSet_CheckExact(items)) return Py_NewRef(items);
    return PyFrozenSet_New(items);
}

// MARK: - deque

/// 1 when `items` (borrowed) is a collections.deque, else 0 with a TypeError (or -1 on failure).
static int expect_deque(PyObject *items, const char *name) {
    PyObject *deque = collections_type("deque"); // new
    int is = deque ? PyObject_IsInstance(items, deque) : -1;
    Py_XDECREF(deque);
    if (is == 0) PyErr_Format(PyExc_TypeError, "%s: expected a deque", name);
    return is > 0;
}

/// encode_deque(items: borrowed, progress: borrowed) -> new list: the repr of each item of the deque
/// items, calling progress(items) before each one: encode_deque(deque([1]), print) == ["1"].
static PyObject *encode_deque(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("encode_deque", nargs, 2)) return NULL;
    PyObject *items = args[0], *progress = args[1]; // borrowed
    if (!expect_deque(items, "encode_deque")) return NULL;
    PyObject *out = PyList_New(0); // new
    for (Py_ssize_t i = 0; out != NULL; i++) {
        Py_ssize_t n = PyObject_Size(items);
        if (n < 0) goto fail;
        if (i >= n) break;
        PyObject *item = PySequence_GetItem(items, i); // new
        if (item == NULL) goto fail;
        Py_DECREF(item); // BUG: kept as if borrowed ("the deque holds it"), but the callback below may take it out
        if (call_back(progress, items) < 0) goto fail;
        PyObject *text = PyObject_Repr(item); // new
        if (text == NULL || PyList_Append(out, text) < 0) { Py_XDECREF(text); goto fail; }
        Py_DECREF(text);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *encode_deque_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("encode_deque_safe", nargs, 2)) return NULL;
    PyObject *items = args[0], *progress = args[1]; // borrowed
    if (!expect_deque(items, "encode_deque_safe")) return NULL;
    PyObject *out = PyList_New(0); // new
    for (Py_ssize_t i = 0; out != NULL; i++) {
        Py_ssize_t n = PyObject_Size(items);
        if (n < 0) goto fail;
        if (i >= n) break;
        PyObject *item = PySequence_GetItem(items, i); // new, ours across the callback
        if (item == NULL) goto fail;
        if (call_back(progress, items) < 0) { Py_DECREF(item); goto fail; }
        PyObject *text = PyObject_Repr(item); // new
        Py_DECREF(item);
        if (text == NULL || PyList_Append(out, text) < 0) { Py_XDECREF(text); goto fail; }
        Py_DECREF(text);
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

// MARK: - OrderedDict

/// Calls progress(mapping), then appends "key=repr(value)" to `out`; all borrowed (the caller keeps key
/// and value alive). 0, or -1 with an exception set.
static int render_entry(PyObject *out, PyObject *progress, PyObject *mapping, PyObject *key, PyObject *value) {
    if (call_back(progress, mapping) < 0) return -1;
    PyObject *text = PyUnicode_FromFormat("%S=%R", key, value); // new
    int status = text ? PyList_Append(out, text) : -1;
    Py_XDECREF(text);
    return status;
}

/// render_items(mapping: borrowed, progress: borrowed) -> new list: "key=repr(value)" for each entry of a
/// dict, in its order, calling progress(mapping) before each. An OrderedDict (or another dict subclass)
/// is walked in its own order, which move_to_end may have made differ from the dict's.
static PyObject *render_items(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("render_items", nargs, 2)) return NULL;
    PyObject *mapping = args[0], *progress = args[1]; // borrowed
    if (!rf_expect(PyDict_Check(mapping), "render_items", "a dict")) return NULL;
    PyObject *out = PyList_New(0); // new
    if (out == NULL) return NULL;
    if (PyDict_CheckExact(mapping)) {
        PyObject *entries = PyDict_Items(mapping); // new: (key, value) pairs, ours
        for (Py_ssize_t i = 0; entries != NULL && i < PyList_GET_SIZE(entries); i++) {
            PyObject *entry = PyList_GET_ITEM(entries, i); // borrowed
            if (render_entry(out, progress, mapping, PyTuple_GET_ITEM(entry, 0), PyTuple_GET_ITEM(entry, 1)) < 0) Py_CLEAR(entries);
        }
        if (entries == NULL) goto fail;
        Py_DECREF(entries);
        return out;
    }
    PyObject *keys = PyObject_GetIter(mapping); // new
    if (keys == NULL) goto fail;
    PyObject *key; // new, each
    while ((key = PyIter_Next(keys)) != NULL) {
        PyObject *value = PyDict_GetItemWithError(mapping, key); // borrowed
        // BUG: borrowed across render_entry, whose callback may delete it from the mapping
        int status = value ? render_entry(out, progress, mapping, key, value) : -1;
        if (value == NULL && !PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
        Py_DECREF(key);
        if (status < 0) break;
    }
    Py_DECREF(keys);
    if (PyErr_Occurred()) goto fail;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyObject *render_items_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("render_items_safe", nargs, 2)) return NULL;
    PyObject *mapping = args[0], *progress = args[1]; // borrowed
    if (!rf_expect(PyDict_Check(mapping), "render_items_safe", "a dict")) return NULL;
    PyObject *out = PyList_New(0); // new
    if (out == NULL) return NULL;
    if (PyDict_CheckExact(mapping)) {
        PyObject *entries = PyDict_Items(mapping); // new
        for (Py_ssize_t i = 0; entries != NULL && i < PyList_GET_SIZE(entries); i++) {
            PyObject *entry = PyList_GET_ITEM(entries, i); // borrowed
            if (render_entry(out, progress, mapping, PyTuple_GET_ITEM(entry, 0), PyTuple_GET_ITEM(entry, 1)) < 0) Py_CLEAR(entries);
        }
        if (entries == NULL) goto fail;
        Py_DECREF(entries);
        return out;
    }
    PyObject *keys = PyObject_GetIter(mapping); // new
    if (keys == NULL) goto fail;
    PyObject *key; // new, each
    while ((key = PyIter_Next(keys)) != NULL) {
        PyObject *value = Py_XNewRef(PyDict_GetItemWithError(mapping, key)); // new, ours across render_entry
        int status = value ? render_entry(out, progress, mapping, key, value) : -1;
        if (value == NULL && !PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
        Py_XDECREF(value);
        Py_DECREF(key);
        if (status < 0) break;
    }
    Py_DECREF(keys);
    if (PyErr_Occurred()) goto fail;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

// MARK: - callable

/// map_ints(list: borrowed, function: borrowed) -> new list: function(item) for each item, each an int:
/// map_ints([1, 2], abs) == [1, 2]; TypeError when function returns something else.
static PyObject *map_ints(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("map_ints", nargs, 2)) return NULL;
    PyObject *items = rf_list_items(args[0], "map_ints"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyList_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *result = PyObject_CallOneArg(args[1], PyTuple_GET_ITEM(items, i)); // new, stolen below
        if (result == NULL) { Py_CLEAR(out); break; }
        if (!PyLong_Check(result)) {
            PyErr_Format(PyExc_TypeError, "map_ints: the function returned %.200s, not an int", Py_TYPE(result)->tp_name);
            Py_CLEAR(out);
            break; // BUG: `result` is never released: what the function returned keeps one more reference
        }
        PyList_SET_ITEM(out, i, result);
    }
    Py_DECREF(items);
    return out;
}

static PyObject *map_ints_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("map_ints_safe", nargs, 2)) return NULL;
    PyObject *items = rf_list_items(args[0], "map_ints_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyList_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *result = PyObject_CallOneArg(args[1], PyTuple_GET_ITEM(items, i)); // new, stolen below
        if (result == NULL) { Py_CLEAR(out); break; }
        if (!PyLong_Check(result)) {
            PyErr_Format(PyExc_TypeError, "map_ints: the function returned %.200s, not an int", Py_TYPE(result)->tp_name);
            Py_DECREF(result);
            Py_CLEAR(out);
            break;
        }
        PyList_SET_ITEM(out, i, result);
    }
    Py_DECREF(items);
    return out;
}

// MARK: - iterator (a lying __length_hint__)

/// collect(iterable: borrowed) -> new list: the items of iterable, in a list presized by its
/// __length_hint__ (grown by PySequence_List when it gives none): collect(iter("ab")) == ["a", "b"].
static PyObject *collect(PyObject *module, PyObject *iterable) {
    (void)module;
    PyObject *it = PyObject_GetIter(iterable); // new
    if (it == NULL) return NULL;
    Py_ssize_t hint = PyObject_LengthHint(it, 0), i = 0;
    if (hint <= 0) {
        PyObject *all = hint == 0 ? PySequence_List(it) : NULL; // new
        Py_DECREF(it);
        return all;
    }
    PyObject *out = PyList_New(hint); // new: `hint` empty slots, filled in order
    PyObject *item; // new, each, stolen below
    while (out != NULL && (item = PyIter_Next(it)) != NULL) {
        PyList_SET_ITEM(out, i, item); // BUG: i is not checked against hint: an iterator that yields more than it said writes past the list's storage
        i++;
    }
    Py_DECREF(it);
    if (out != NULL && (PyErr_Occurred() || (i < hint && PyList_SetSlice(out, i, hint, NULL) < 0))) Py_CLEAR(out);
    return out;
}

static PyObject *collect_safe(PyObject *module, PyObject *iterable) {
    (void)module;
    PyObject *it = PyObject_GetIter(iterable); // new
    if (it == NULL) return NULL;
    Py_ssize_t hint = PyObject_LengthHint(it, 0), i = 0;
    if (hint <= 0) {
        PyObject *all = hint == 0 ? PySequence_List(it) : NULL; // new
        Py_DECREF(it);
        return all;
    }
    PyObject *out = PyList_New(hint); // new
    PyObject *item; // new, each, stolen below
    while (out != NULL && (item = PyIter_Next(it)) != NULL) {
        if (i < hint) {
            PyList_SET_ITEM(out, i, item);
        } else { // more than it said: grow
            if (PyList_Append(out, item) < 0) Py_CLEAR(out);
            Py_DECREF(item);
        }
        i++;
    }
    Py_DECREF(it);
    if (out != NULL && (PyErr_Occurred() || (i < hint && PyList_SetSlice(out, i, hint, NULL) < 0))) Py_CLEAR(out);
    return out;
}

// MARK: - file

/// write_all(lines: borrowed, file: borrowed) -> new None: writes str(item) and a newline to the
/// file-like object file for each item of the list lines.
static PyObject *write_all(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("write_all", nargs, 2)) return NULL;
    PyObject *items = rf_list_items(args[0], "write_all"); // new
    if (items == NULL) return NULL;
    PyObject *write = PyObject_GetAttrString(args[1], "write"); // new: a bound method, holding file
    if (write == NULL) { Py_DECREF(items); return NULL; }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *line = PyUnicode_FromFormat("%S\n", PyTuple_GET_ITEM(items, i)); // new
        if (line == NULL) goto fail;
        PyObject *written = PyObject_CallOneArg(write, line); // new
        Py_DECREF(line);
        if (written == NULL) {
            Py_DECREF(items);
            return NULL; // BUG: `write` is never released: a write that raises (OSError) leaves file a reference more
        }
        Py_DECREF(written);
    }
    Py_DECREF(write);
    Py_DECREF(items);
    Py_RETURN_NONE;
fail:
    Py_DECREF(write);
    Py_DECREF(items);
    return NULL;
}

static PyObject *write_all_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("write_all_safe", nargs, 2)) return NULL;
    PyObject *items = rf_list_items(args[0], "write_all_safe"); // new
    if (items == NULL) return NULL;
    PyObject *write = PyObject_GetAttrString(args[1], "write"); // new
    if (write == NULL) { Py_DECREF(items); return NULL; }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *line = PyUnicode_FromFormat("%S\n", PyTuple_GET_ITEM(items, i)); // new
        if (line == NULL) goto fail;
        PyObject *written = PyObject_CallOneArg(write, line); // new
        Py_DECREF(line);
        if (written == NULL) goto fail;
        Py_DECREF(written);
    }
    Py_DECREF(write);
    Py_DECREF(items);
    Py_RETURN_NONE;
fail:
    Py_DECREF(write);
    Py_DECREF(items);
    return NULL;
}

// MARK: - any: a str subclass whose lower is Python code

/// lookup_ci(d: borrowed, name: borrowed) -> new: the value of d's first str key equal to name but for
/// case (by str.lower), or None: lookup_ci({"Host": 1}, "HOST") == 1.
static PyObject *lookup_ci(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("lookup_ci", nargs, 2)) return NULL;
    PyObject *d = args[0], *name = args[1]; // borrowed
    if (!rf_expect(PyDict_Check(d) && PyUnicode_Check(name), "lookup_ci", "a dict and a str")) return NULL;
    PyObject *wanted = PyObject_CallMethod(name, "lower", NULL); // new
    if (wanted == NULL) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value; // borrowed from d
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) continue;
        // BUG: value is borrowed across key.lower() and the comparison: for a str subclass these are
        // Python code, which may change d and free the value
        PyObject *folded = PyObject_CallMethod(key, "lower", NULL); // new
        int same = folded ? PyObject_RichCompareBool(folded, wanted, Py_EQ) : -1;
        Py_XDECREF(folded);
        if (same != 0) {
            Py_DECREF(wanted);
            return same < 0 ? NULL : Py_NewRef(value);
        }
    }
    Py_DECREF(wanted);
    Py_RETURN_NONE;
}

static PyObject *lookup_ci_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("lookup_ci_safe", nargs, 2)) return NULL;
    PyObject *d = args[0], *name = args[1]; // borrowed
    if (!rf_expect(PyDict_Check(d) && PyUnicode_Check(name), "lookup_ci_safe", "a dict and a str")) return NULL;
    PyObject *wanted = PyObject_CallMethod(name, "lower", NULL); // new
    if (wanted == NULL) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value; // borrowed from d
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) continue;
        Py_INCREF(value); // ours, across the Python code below
        PyObject *folded = PyObject_CallMethod(key, "lower", NULL); // new
        int same = folded ? PyObject_RichCompareBool(folded, wanted, Py_EQ) : -1;
        Py_XDECREF(folded);
        if (same != 0) {
            Py_DECREF(wanted);
            if (same < 0) Py_CLEAR(value);
            return value;
        }
        Py_DECREF(value);
    }
    Py_DECREF(wanted);
    Py_RETURN_NONE;
}

// MARK: - any: a subclass whose __hash__ is Python code

/// first_index(list: borrowed) -> new dict: each item of list to the index where it first stands:
/// first_index(["a", "b", "a"]) == {"a": 0, "b": 1}. Str and int items hash in C, so they stay borrowed.
static PyObject *first_index(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "first_index", "a list")) return NULL;
    PyObject *index = PyDict_New(); // new
    for (Py_ssize_t i = 0; index != NULL && i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        // BUG: PyUnicode_Check and PyLong_Check take subclasses too, whose __hash__ may be Python code
        // that empties the list: the item then dies under PyDict_SetDefault, which stores it all the same
        int hashes_in_c = PyUnicode_Check(item) || PyLong_Check(item);
        if (!hashes_in_c) Py_INCREF(item);
        PyObject *position = PyLong_FromSsize_t(i); // new
        if (position == NULL || PyDict_SetDefault(index, item, position) == NULL) Py_CLEAR(index);
        Py_XDECREF(position);
        if (!hashes_in_c) Py_DECREF(item);
    }
    return index;
}

static PyObject *first_index_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "first_index_safe", "a list")) return NULL;
    PyObject *index = PyDict_New(); // new
    for (Py_ssize_t i = 0; index != NULL && i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        int hashes_in_c = PyUnicode_CheckExact(item) || PyLong_CheckExact(item);
        if (!hashes_in_c) Py_INCREF(item);
        PyObject *position = PyLong_FromSsize_t(i); // new
        if (position == NULL || PyDict_SetDefault(index, item, position) == NULL) Py_CLEAR(index);
        Py_XDECREF(position);
        if (!hashes_in_c) Py_DECREF(item);
    }
    return index;
}

// MARK: - any: a subclass whose __eq__ is Python code

/// find_equal(list: borrowed, x: borrowed) -> new: the first item equal to x, or None:
/// find_equal([1, 2], 2) == 2. Ints compare in C, so int items compared with an int stay borrowed.
static PyObject *find_equal(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("find_equal", nargs, 2)) return NULL;
    PyObject *list = args[0], *x = args[1]; // borrowed
    if (!rf_expect(PyList_Check(list), "find_equal", "a list")) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        // BUG: PyLong_Check takes int subclasses too, whose __eq__ may be Python code that empties the list
        int compares_in_c = PyLong_Check(item) && PyLong_Check(x);
        if (!compares_in_c) Py_INCREF(item); // ours across the Python code of the comparison
        int equal = PyObject_RichCompareBool(item, x, Py_EQ);
        if (equal > 0 && compares_in_c) Py_INCREF(item); // the caller's
        if (equal > 0) return item;
        if (!compares_in_c) Py_DECREF(item);
        if (equal < 0) return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *find_equal_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("find_equal_safe", nargs, 2)) return NULL;
    PyObject *list = args[0], *x = args[1]; // borrowed
    if (!rf_expect(PyList_Check(list), "find_equal_safe", "a list")) return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        int compares_in_c = PyLong_CheckExact(item) && PyLong_CheckExact(x);
        if (!compares_in_c) Py_INCREF(item);
        int equal = PyObject_RichCompareBool(item, x, Py_EQ);
        if (equal > 0 && compares_in_c) Py_INCREF(item);
        if (equal > 0) return item;
        if (!compares_in_c) Py_DECREF(item);
        if (equal < 0) return NULL;
    }
    Py_RETURN_NONE;
}

// MARK: - any: an object whose __index__ is Python code

/// nth_item(list: borrowed, n: borrowed) -> new str: the repr of list[n] for any index-like n, negative
/// from the end: nth_item(["a", "b"], -1) == "'b'".
static PyObject *nth_item(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("nth_item", nargs, 2)) return NULL;
    PyObject *list = args[0]; // borrowed
    if (!rf_expect(PyList_Check(list), "nth_item", "a list")) return NULL;
    Py_ssize_t size = PyList_GET_SIZE(list);
    Py_ssize_t n = PyNumber_AsSsize_t(args[1], PyExc_IndexError); // Python code, for an object with __index__
    // BUG: size was read before that code ran, which may have emptied the list
    if (n == -1 && PyErr_Occurred()) return NULL;
    if (n < 0) n += size;
    if (n < 0 || n >= size) { PyErr_SetString(PyExc_IndexError, "nth_item: index out of range"); return NULL; }
    PyObject *item = Py_NewRef(PyList_GET_ITEM(list, n)); // new
    PyObject *text = PyObject_Repr(item); // new
    Py_DECREF(item);
    return text;
}

static PyObject *nth_item_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("nth_item_safe", nargs, 2)) return NULL;
    PyObject *list = args[0]; // borrowed
    if (!rf_expect(PyList_Check(list), "nth_item_safe", "a list")) return NULL;
    Py_ssize_t n = PyNumber_AsSsize_t(args[1], PyExc_IndexError);
    Py_ssize_t size = PyList_GET_SIZE(list); // after any Python code
    if (n == -1 && PyErr_Occurred()) return NULL;
    if (n < 0) n += size;
    if (n < 0 || n >= size) { PyErr_SetString(PyExc_IndexError, "nth_item: index out of range"); return NULL; }
    PyObject *item = Py_NewRef(PyList_GET_ITEM(list, n)); // new
    PyObject *text = PyObject_Repr(item); // new
    Py_DECREF(item);
    return text;
}

// MARK: - any: a lying __len__

/// snapshot(iterable: borrowed) -> new tuple: the items of iterable, in a tuple sized by len(iterable)
/// and filled by iterating it: snapshot({1}) == (1,); RuntimeError when it yields fewer.
static PyObject *snapshot(PyObject *module, PyObject *obj) {
    (void)module;
    Py_ssize_t n = PyObject_Size(obj), i = 0;
    if (n < 0) return NULL;
    PyObject *out = PyTuple_New(n); // new: n empty slots, filled in order
    PyObject *it = out ? PyObject_GetIter(obj) : NULL; // new
    if (it == NULL) { Py_XDECREF(out); return NULL; }
    PyObject *item; // new, each, stolen below
    while (i < n && (item = PyIter_Next(it)) != NULL) PyTuple_SET_ITEM(out, i++, item);
    Py_DECREF(it);
    if (PyErr_Occurred()) { Py_DECREF(out); return NULL; }
    if (i < n) {
        PyErr_Format(PyExc_RuntimeError, "snapshot: %zd items where len() said %zd", i, n);
        return NULL; // BUG: `out` is never released, nor the items in it
    }
    return out;
}

static PyObject *snapshot_safe(PyObject *module, PyObject *obj) {
    (void)module;
    Py_ssize_t n = PyObject_Size(obj), i = 0;
    if (n < 0) return NULL;
    PyObject *out = PyTuple_New(n); // new
    PyObject *it = out ? PyObject_GetIter(obj) : NULL; // new
    if (it == NULL) { Py_XDECREF(out); return NULL; }
    PyObject *item; // new, each, stolen below
    while (i < n && (item = PyIter_Next(it)) != NULL) PyTuple_SET_ITEM(out, i++, item);
    Py_DECREF(it);
    if (PyErr_Occurred()) { Py_DECREF(out); return NULL; }
    if (i < n) {
        PyErr_Format(PyExc_RuntimeError, "snapshot: %zd items where len() said %zd", i, n);
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

// MARK: - any: a sequence whose __iter__ raises

/// Appends the items of `it` (borrowed iterator) to `out` (borrowed list). 0, or -1 with an exception.
static int append_all(PyObject *out, PyObject *it) {
    PyObject *item; // new, each
    while ((item = PyIter_Next(it)) != NULL) {
        int status = PyList_Append(out, item);
        Py_DECREF(item);
        if (status < 0) return -1;
    }
    return PyErr_Occurred() ? -1 : 0;
}

/// concat(list: borrowed, other: borrowed) -> new list: list's items, then those of the sequence other:
/// concat([1], (2, 3)) == [1, 2, 3].
static PyObject *concat(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("concat", nargs, 2)) return NULL;
    PyObject *list = args[0], *other = args[1]; // borrowed
    if (!rf_expect(PyList_Check(list) && PySequence_Check(other), "concat", "a list and a sequence")) return NULL;
    PyObject *out = PyList_GetSlice(list, 0, PyList_GET_SIZE(list)); // new: a reference to each of list's items
    if (out == NULL) return NULL;
    PyObject *it = PyObject_GetIter(other); // new: Python code, for a sequence that overrides __iter__
    if (it == NULL) return NULL; // BUG: `out` is never released: each of list's items keeps one more reference
    int status = append_all(out, it);
    Py_DECREF(it);
    if (status < 0) Py_CLEAR(out);
    return out;
}

static PyObject *concat_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("concat_safe", nargs, 2)) return NULL;
    PyObject *list = args[0], *other = args[1]; // borrowed
    if (!rf_expect(PyList_Check(list) && PySequence_Check(other), "concat_safe", "a list and a sequence")) return NULL;
    PyObject *out = PyList_GetSlice(list, 0, PyList_GET_SIZE(list)); // new
    if (out == NULL) return NULL;
    PyObject *it = PyObject_GetIter(other); // new
    if (it == NULL) { Py_DECREF(out); return NULL; }
    int status = append_all(out, it);
    Py_DECREF(it);
    if (status < 0) Py_CLEAR(out);
    return out;
}

// MARK: - any: a mapping whose keys() raises

/// Sets out[key] = other[key] for each key of the list `keys`; all borrowed. 0, or -1 with an exception.
static int update_from(PyObject *out, PyObject *other, PyObject *keys) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        PyObject *key = PyList_GET_ITEM(keys, i); // borrowed from our own list
        PyObject *value = PyObject_GetItem(other, key); // new
        int status = value ? PyDict_SetItem(out, key, value) : -1;
        Py_XDECREF(value);
        if (status < 0) return -1;
    }
    return 0;
}

/// merge(d: borrowed, other: borrowed) -> new dict: d's entries updated with those of the mapping other
/// (anything with keys(), as dict.update takes it): merge({1: 2}, {3: 4}) == {1: 2, 3: 4}.
static PyObject *merge(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("merge", nargs, 2)) return NULL;
    PyObject *d = args[0], *other = args[1]; // borrowed
    if (!rf_expect(PyDict_Check(d) && PyObject_HasAttrString(other, "keys"), "merge", "a dict and a mapping")) return NULL;
    PyObject *out = PyDict_Copy(d); // new: a reference to each of d's keys and values
    if (out == NULL) return NULL;
    PyObject *keys = PyMapping_Keys(other); // new list: other.keys(), Python code for a dict subclass that overrides it
    if (keys == NULL) return NULL; // BUG: `out` is never released: each of d's keys and values keeps one more reference
    int status = update_from(out, other, keys);
    Py_DECREF(keys);
    if (status < 0) Py_CLEAR(out);
    return out;
}

static PyObject *merge_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("merge_safe", nargs, 2)) return NULL;
    PyObject *d = args[0], *other = args[1]; // borrowed
    if (!rf_expect(PyDict_Check(d) && PyObject_HasAttrString(other, "keys"), "merge_safe", "a dict and a mapping")) return NULL;
    PyObject *out = PyDict_Copy(d); // new
    if (out == NULL) return NULL;
    PyObject *keys = PyMapping_Keys(other); // new
    if (keys == NULL) { Py_DECREF(out); return NULL; }
    int status = update_from(out, other, keys);
    Py_DECREF(keys);
    if (status < 0) Py_CLEAR(out);
    return out;
}

// MARK: - any: a dict subclass whose __getitem__ is Python code

/// items_of(mapping: borrowed) -> new list: the (key, value) pairs of a dict; a dict subclass's values
/// are read through its own __getitem__, as subclasses that compute values expect.
static PyObject *items_of(PyObject *module, PyObject *mapping) {
    (void)module;
    if (!rf_expect(PyDict_Check(mapping), "items_of", "a dict")) return NULL;
    if (PyDict_CheckExact(mapping)) return PyDict_Items(mapping);
    PyObject *out = PyList_New(0); // new
    Py_ssize_t pos = 0;
    PyObject *key, *stored; // borrowed from the mapping
    while (out != NULL && PyDict_Next(mapping, &pos, &key, &stored)) {
        // BUG: key is borrowed across the subclass's __getitem__, Python code that may delete it, and used after
        PyObject *value = PyObject_GetItem(mapping, key); // new
        PyObject *pair = value ? PyTuple_Pack(2, key, value) : NULL; // new
        Py_XDECREF(value);
        if (pair == NULL || PyList_Append(out, pair) < 0) Py_CLEAR(out);
        Py_XDECREF(pair);
    }
    return out;
}

static PyObject *items_of_safe(PyObject *module, PyObject *mapping) {
    (void)module;
    if (!rf_expect(PyDict_Check(mapping), "items_of_safe", "a dict")) return NULL;
    if (PyDict_CheckExact(mapping)) return PyDict_Items(mapping);
    PyObject *out = PyList_New(0); // new
    Py_ssize_t pos = 0;
    PyObject *key, *stored; // borrowed from the mapping
    while (out != NULL && PyDict_Next(mapping, &pos, &key, &stored)) {
        Py_INCREF(key); // ours, across __getitem__
        PyObject *value = PyObject_GetItem(mapping, key); // new
        PyObject *pair = value ? PyTuple_Pack(2, key, value) : NULL; // new
        Py_XDECREF(value);
        Py_DECREF(key);
        if (pair == NULL || PyList_Append(out, pair) < 0) Py_CLEAR(out);
        Py_XDECREF(pair);
    }
    return out;
}

// MARK: - aliasing: one list at two argument positions

/// Appends the `n` objects at `items` (borrowed) to `list` (borrowed). 0, or -1 with an exception set.
static int append_each(PyObject *list, PyObject *const *items, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyList_Append(list, items[i]) < 0) return -1;
    }
    return 0;
}

/// assign(dst: borrowed, src: borrowed) -> new None: dst[:] = src for two lists, by hand.
static PyObject *assign(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("assign", nargs, 2)) return NULL;
    PyObject *dst = args[0], *src = args[1]; // borrowed
    if (!rf_expect(PyList_Check(dst) && PyList_Check(src), "assign", "two lists")) return NULL;
    PyObject *const *items = PySequence_Fast_ITEMS(src); // src's own array: borrowed items
    Py_ssize_t n = PyList_GET_SIZE(src);
    // BUG: when dst is src, emptying dst frees the array `items` points to, and the items in it
    if (PyList_SetSlice(dst, 0, PyList_GET_SIZE(dst), NULL) < 0) return NULL;
    if (append_each(dst, items, n) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *assign_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("assign_safe", nargs, 2)) return NULL;
    PyObject *dst = args[0], *src = args[1]; // borrowed
    if (!rf_expect(PyList_Check(dst) && PyList_Check(src), "assign_safe", "two lists")) return NULL;
    PyObject *copy = PyList_GetSlice(src, 0, PyList_GET_SIZE(src)); // new: src's items, ours, even when dst is src
    if (copy == NULL) return NULL;
    PyObject *const *items = PySequence_Fast_ITEMS(copy); // borrowed from the copy
    Py_ssize_t n = PyList_GET_SIZE(copy);
    int status = PyList_SetSlice(dst, 0, PyList_GET_SIZE(dst), NULL) < 0 ? -1 : append_each(dst, items, n);
    Py_DECREF(copy);
    if (status < 0) return NULL;
    Py_RETURN_NONE;
}

// MARK: - Module

static PyMethodDef reach_kind_methods[] = {
    {"half", half, METH_O, "BUG over-decref: the PyFloat_Check branch releases its borrowed float."},
    {"half_safe", half_safe, METH_O, "Twin of half."},
    {"as_text", as_text, METH_O, "BUG over-decref: Py_SETREF on the borrowed bytes argument."},
    {"as_text_safe", as_text_safe, METH_O, "Twin of as_text."},
    {"scramble", RF_FASTCALL(scramble), "BUG use-after-free: a bytearray's storage pointer kept across a callback."},
    {"scramble_safe", RF_FASTCALL(scramble_safe), "Twin of scramble."},
    {"byteswap", RF_FASTCALL(byteswap), "BUG use-after-free: an array's buffer released before a loop that calls back."},
    {"byteswap_safe", RF_FASTCALL(byteswap_safe), "Twin of byteswap."},
    {"freeze", freeze, METH_O, "BUG over-decref: a frozenset argument is returned borrowed."},
    {"freeze_safe", freeze_safe, METH_O, "Twin of freeze."},
    {"encode_deque", RF_FASTCALL(encode_deque), "BUG use-after-free: a deque's item released at once, used after a callback."},
    {"encode_deque_safe", RF_FASTCALL(encode_deque_safe), "Twin of encode_deque."},
    {"render_items", RF_FASTCALL(render_items), "BUG use-after-free: an OrderedDict's value borrowed across a callback."},
    {"render_items_safe", RF_FASTCALL(render_items_safe), "Twin of render_items."},
    {"map_ints", RF_FASTCALL(map_ints), "BUG leak: a result of the wrong type leaks on the TypeError path."},
    {"map_ints_safe", RF_FASTCALL(map_ints_safe), "Twin of map_ints."},
    {"collect", collect, METH_O, "BUG crash: a list presized by __length_hint__ overrun by the items."},
    {"collect_safe", collect_safe, METH_O, "Twin of collect."},
    {"write_all", RF_FASTCALL(write_all), "BUG leak: a write that raises leaks the bound write method."},
    {"write_all_safe", RF_FASTCALL(write_all_safe), "Twin of write_all."},
    {"lookup_ci", RF_FASTCALL(lookup_ci), "BUG use-after-free: a value borrowed across a key's lower()."},
    {"lookup_ci_safe", RF_FASTCALL(lookup_ci_safe), "Twin of lookup_ci."},
    {"first_index", first_index, METH_O, "BUG use-after-free: a str or int subclass item borrowed across its __hash__."},
    {"first_index_safe", first_index_safe, METH_O, "Twin of first_index."},
    {"find_equal", RF_FASTCALL(find_equal), "BUG use-after-free: an int item borrowed across an int subclass's __eq__."},
    {"find_equal_safe", RF_FASTCALL(find_equal_safe), "Twin of find_equal."},
    {"nth_item", RF_FASTCALL(nth_item), "BUG crash: the list's size read before an __index__ that empties it."},
    {"nth_item_safe", RF_FASTCALL(nth_item_safe), "Twin of nth_item."},
    {"snapshot", snapshot, METH_O, "BUG leak: fewer items than __len__ said leaks the tuple of them."},
    {"snapshot_safe", snapshot_safe, METH_O, "Twin of snapshot."},
    {"concat", RF_FASTCALL(concat), "BUG leak: an __iter__ that raises leaks the copy of the list."},
    {"concat_safe", RF_FASTCALL(concat_safe), "Twin of concat."},
    {"merge", RF_FASTCALL(merge), "BUG leak: a keys() that raises leaks the copy of the dict."},
    {"merge_safe", RF_FASTCALL(merge_safe), "Twin of merge."},
    {"items_of", items_of, METH_O, "BUG use-after-free: a key borrowed across a dict subclass's __getitem__."},
    {"items_of_safe", items_of_safe, METH_O, "Twin of items_of."},
    {"assign", RF_FASTCALL(assign), "BUG use-after-free: dst[:] = src by hand, with src's items borrowed while dst empties."},
    {"assign_safe", RF_FASTCALL(assign_safe), "Twin of assign."},
    {NULL, NULL, 0, NULL},
};

/// (spec, the kind of bug it has or NULL for a correct twin, one line about it); each bug's shortest case
/// is in ReachExamplesTests.swift.
static const char *const reach_kind_targets[][3] = {
    {"refexamples:half(float)", "over-decref", "PyFloat_Check(x) ? x : PyNumber_Float(x), then released: a float argument loses a reference"},
    {"refexamples:half_safe(float)", NULL, "twin of half"},
    {"refexamples:as_text(bytes)", "over-decref", "the bytes branch Py_SETREFs its borrowed argument"},
    {"refexamples:as_text_safe(bytes)", NULL, "twin of as_text"},
    {"refexamples:scramble(bytearray,mutator)", "use-after-free", "keeps a bytearray's storage pointer across a callback that may resize it"},
    {"refexamples:scramble_safe(bytearray,mutator)", NULL, "twin of scramble"},
    {"refexamples:byteswap(array,mutator)", "use-after-free", "releases an array's buffer before a loop whose callback may resize it"},
    {"refexamples:byteswap_safe(array,mutator)", NULL, "twin of byteswap: keeps the buffer, so a resize is a BufferError"},
    {"refexamples:freeze(frozenset)", "over-decref", "returns a frozenset argument, borrowed, as its own copy"},
    {"refexamples:freeze_safe(frozenset)", NULL, "twin of freeze"},
    {"refexamples:encode_deque(deque,mutator)", "use-after-free", "releases each deque item as if borrowed, calls back, then takes its repr"},
    {"refexamples:encode_deque_safe(deque,mutator)", NULL, "twin of encode_deque"},
    {"refexamples:render_items(ordereddict,mutator)", "use-after-free", "walks an OrderedDict with borrowed values across a callback"},
    {"refexamples:render_items_safe(ordereddict,mutator)", NULL, "twin of render_items"},
    {"refexamples:map_ints(list,callable)", "leak", "a callable's result that is no int leaks on the TypeError path"},
    {"refexamples:map_ints_safe(list,callable)", NULL, "twin of map_ints"},
    {"refexamples:collect(iterator)", "crash", "presizes by __length_hint__ and writes past the end when the iterator yields more"},
    {"refexamples:collect_safe(iterator)", NULL, "twin of collect"},
    {"refexamples:write_all(list,file)", "leak", "a file's write that raises (OSError) leaks the bound method, and so the file"},
    {"refexamples:write_all_safe(list,file)", NULL, "twin of write_all"},
    {"refexamples:first_index(list)", "use-after-free", "str and int items borrowed across hashing: a subclass's __hash__ may free them"},
    {"refexamples:first_index_safe(list)", NULL, "twin of first_index"},
    {"refexamples:find_equal(list,any)", "use-after-free", "int items borrowed across a comparison with an int subclass, whose __eq__ may free them"},
    {"refexamples:find_equal_safe(list,any)", NULL, "twin of find_equal"},
    {"refexamples:nth_item(list,any)", "crash", "reads the list's size before an __index__ that may empty it"},
    {"refexamples:nth_item_safe(list,any)", NULL, "twin of nth_item"},
    {"refexamples:snapshot(any)", "leak", "sized by a __len__ that says more than the iteration yields: the error path leaks the items"},
    {"refexamples:snapshot_safe(any)", NULL, "twin of snapshot"},
    {"refexamples:concat(list,any)", "leak", "a sequence whose __iter__ raises: the error path leaks the copy of the list"},
    {"refexamples:concat_safe(list,any)", NULL, "twin of concat"},
    {"refexamples:merge(dict,any)", "leak", "a mapping whose keys() raises: the error path leaks the copy of the dict"},
    {"refexamples:merge_safe(dict,any)", NULL, "twin of merge"},
    {"refexamples:items_of(any)", "use-after-free", "a key borrowed across a dict subclass's __getitem__"},
    {"refexamples:items_of_safe(any)", NULL, "twin of items_of"},
    {"refexamples:assign(list,list)", "use-after-free", "dst[:] = src by hand: given one list twice (f(a, a)), empties it while holding its items"},
    {"refexamples:assign_safe(list,list)", NULL, "twin of assign: copies src first"},
    // the str argument must equal a key of the dict (key.lower() matches only then): an argument that
    // shares a value with an earlier one
    {"refexamples:lookup_ci(dict,str)", "use-after-free", "a value borrowed across key.lower(), Python code for a str subclass"},
    {"refexamples:lookup_ci_safe(dict,str)", NULL, "twin of lookup_ci"},
};


/// Adds the functions and their rows to `module` (borrowed). Returns 0, or -1 with an exception set.
int rf_add_reach_kinds(PyObject *module) {
    if (PyModule_AddFunctions(module, reach_kind_methods) < 0) return -1;
    return rf_add_targets(module, reach_kind_targets, sizeof reach_kind_targets / sizeof reach_kind_targets[0]);
}
