// refexamples, Reach I's data classes: for each class of value (ints, floats, strs, bytes, container
// lengths, a container inside itself), a bug of the kind real code has that only values of that class
// reach, next to its twin (`name_safe`), a copy that differs only by the fix.
//
// Each function is small real code (an encoder, a summing routine, a parser) with a fast path or a
// special case that the ordinary values take and the class's values do not, or the other way round; the
// bug sits on the path only the class takes. A line with a bug says BUG and why. Every function borrows
// its arguments and returns a new reference, or NULL with an exception set: the doc comment of each says
// so as `name(arg: borrowed, ...) -> new TYPE`, and each local `PyObject *` says new or borrowed.
//
// `reffuzz fuzz` fuzzes their rows in its default run, `reffuzz targets` lists them, and
// Tests/RefFuzzEngineTests/ReachExamplesTests.swift shows each bug, and its twin's absence, in plain
// Python.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "ExampleModule.h"

// MARK: - ints: cached small ones (byte values)

/// The two-digit hex text of each byte value, made on first use and kept (the table's references): one
/// table for each function, so that what the bug does to its table never reaches its twin's.
static PyObject *hex_table[256], *hex_table_safe[256];

/// New reference: the hex text of `v` (from 0 on), two digits at least.
static PyObject *hex_of(long v) {
    char text[24];
    snprintf(text, sizeof text, "%02lx", v);
    return PyUnicode_FromString(text);
}

/// Borrowed from `table`: the hex text of byte value `v` (0..255), or NULL with an exception set.
static PyObject *hex_text(PyObject **table, long v) {
    if (table[v] == NULL) table[v] = hex_of(v);
    return table[v];
}

/// hex_join(list: borrowed) -> new str: the items, ints from 0 on, in hex joined by spaces:
/// hex_join([65, 1000]) == "41 3e8". Byte values (all of them cached small ints) take their text from a
/// table; the others are formatted each time.
static PyObject *hex_join(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "hex_join"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *parts = PyList_New(n); // new
    for (Py_ssize_t i = 0; parts != NULL && i < n; i++) {
        long v = PyLong_AsLong(PyTuple_GET_ITEM(items, i));
        if (v == -1 && PyErr_Occurred()) goto fail;
        if (v < 0) { PyErr_SetString(PyExc_ValueError, "hex_join: negative item"); goto fail; }
        PyObject *text; // the list's
        if (v < 256) {
            text = hex_text(hex_table, v); // borrowed from the table
            if (text == NULL) goto fail;
            // BUG: PyList_SET_ITEM steals a reference, and this one is the table's: when `parts` goes, so
            // does the table's text (two equal items release it twice), and the next call uses freed text
        } else {
            text = hex_of(v); // new
            if (text == NULL) goto fail;
        }
        PyList_SET_ITEM(parts, i, text);
    }
    Py_DECREF(items);
    if (parts == NULL) return NULL;
    PyObject *space = PyUnicode_FromString(" "); // new
    PyObject *joined = space ? PyUnicode_Join(space, parts) : NULL; // new
    Py_XDECREF(space);
    Py_DECREF(parts);
    return joined;
fail:
    Py_DECREF(parts);
    Py_DECREF(items);
    return NULL;
}

static PyObject *hex_join_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "hex_join_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *parts = PyList_New(n); // new
    for (Py_ssize_t i = 0; parts != NULL && i < n; i++) {
        long v = PyLong_AsLong(PyTuple_GET_ITEM(items, i));
        if (v == -1 && PyErr_Occurred()) goto fail;
        if (v < 0) { PyErr_SetString(PyExc_ValueError, "hex_join: negative item"); goto fail; }
        PyObject *text; // the list's
        if (v < 256) {
            text = hex_text(hex_table_safe, v); // borrowed from the table
            if (text == NULL) goto fail;
            Py_INCREF(text); // a reference for the list to steal
        } else {
            text = hex_of(v); // new
            if (text == NULL) goto fail;
        }
        PyList_SET_ITEM(parts, i, text);
    }
    Py_DECREF(items);
    if (parts == NULL) return NULL;
    PyObject *space = PyUnicode_FromString(" "); // new
    PyObject *joined = space ? PyUnicode_Join(space, parts) : NULL; // new
    Py_XDECREF(space);
    Py_DECREF(parts);
    return joined;
fail:
    Py_DECREF(parts);
    Py_DECREF(items);
    return NULL;
}

// MARK: - ints: negative

/// encode_varints(list: borrowed) -> new bytes: the items, ints from 0 to 2**64 - 1, as LEB128 varints:
/// encode_varints([1, 300]) == b"\x01\xac\x02"; ValueError for a negative item.
static PyObject *encode_varints(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "encode_varints"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items), used = 0;
    unsigned char *buffer = PyMem_Malloc(10 * (size_t)n + 1); // ten bytes hold any 64-bit varint
    if (buffer == NULL) { Py_DECREF(items); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *number = PyNumber_Index(PyTuple_GET_ITEM(items, i)); // new: the item itself, for an int
        if (number == NULL) goto fail;
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(number, &overflow);
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(number); goto fail; }
        if (overflow < 0 || (overflow == 0 && v < 0)) {
            PyErr_Format(PyExc_ValueError, "encode_varints: %R is negative", number);
            goto fail; // BUG: `number` is never released: a negative item keeps one more reference per call
        }
        unsigned long long u = overflow ? PyLong_AsUnsignedLongLong(number) : (unsigned long long)v;
        Py_DECREF(number);
        if (u == (unsigned long long)-1 && PyErr_Occurred()) goto fail;
        do {
            unsigned char low = u & 0x7f;
            u >>= 7;
            buffer[used++] = low | (u ? 0x80 : 0);
        } while (u);
    }
    PyObject *out = PyBytes_FromStringAndSize((const char *)buffer, used); // new
    PyMem_Free(buffer);
    Py_DECREF(items);
    return out;
fail:
    PyMem_Free(buffer);
    Py_DECREF(items);
    return NULL;
}

static PyObject *encode_varints_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "encode_varints_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items), used = 0;
    unsigned char *buffer = PyMem_Malloc(10 * (size_t)n + 1);
    if (buffer == NULL) { Py_DECREF(items); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *number = PyNumber_Index(PyTuple_GET_ITEM(items, i)); // new
        if (number == NULL) goto fail;
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(number, &overflow);
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(number); goto fail; }
        if (overflow < 0 || (overflow == 0 && v < 0)) {
            PyErr_Format(PyExc_ValueError, "encode_varints: %R is negative", number);
            Py_DECREF(number);
            goto fail;
        }
        unsigned long long u = overflow ? PyLong_AsUnsignedLongLong(number) : (unsigned long long)v;
        Py_DECREF(number);
        if (u == (unsigned long long)-1 && PyErr_Occurred()) goto fail;
        do {
            unsigned char low = u & 0x7f;
            u >>= 7;
            buffer[used++] = low | (u ? 0x80 : 0);
        } while (u);
    }
    PyObject *out = PyBytes_FromStringAndSize((const char *)buffer, used); // new
    PyMem_Free(buffer);
    Py_DECREF(items);
    return out;
fail:
    PyMem_Free(buffer);
    Py_DECREF(items);
    return NULL;
}

// MARK: - ints: 0

/// percent(part: borrowed, whole: borrowed) -> new float: 100 * part / whole: percent(1, 4) == 25.0.
/// Ints, or objects with __index__; ZeroDivisionError for a whole of 0.
static PyObject *percent(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("percent", nargs, 2)) return NULL;
    PyObject *part = PyNumber_Index(args[0]); // new
    if (part == NULL) return NULL;
    PyObject *whole = PyNumber_Index(args[1]); // new
    if (whole == NULL) { Py_DECREF(part); return NULL; }
    if (PyObject_Not(whole)) { // an int: never fails
        PyErr_SetString(PyExc_ZeroDivisionError, "percent: the whole is 0");
        return NULL; // BUG: part and whole, new references to the arguments, are never released
    }
    PyObject *hundred = PyLong_FromLong(100); // new
    PyObject *scaled = hundred ? PyNumber_Multiply(part, hundred) : NULL; // new
    PyObject *result = scaled ? PyNumber_TrueDivide(scaled, whole) : NULL; // new
    Py_XDECREF(hundred);
    Py_XDECREF(scaled);
    Py_DECREF(part);
    Py_DECREF(whole);
    return result;
}

static PyObject *percent_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("percent_safe", nargs, 2)) return NULL;
    PyObject *part = PyNumber_Index(args[0]); // new
    if (part == NULL) return NULL;
    PyObject *whole = PyNumber_Index(args[1]); // new
    if (whole == NULL) { Py_DECREF(part); return NULL; }
    if (PyObject_Not(whole)) {
        PyErr_SetString(PyExc_ZeroDivisionError, "percent: the whole is 0");
        Py_DECREF(part);
        Py_DECREF(whole);
        return NULL;
    }
    PyObject *hundred = PyLong_FromLong(100); // new
    PyObject *scaled = hundred ? PyNumber_Multiply(part, hundred) : NULL; // new
    PyObject *result = scaled ? PyNumber_TrueDivide(scaled, whole) : NULL; // new
    Py_XDECREF(hundred);
    Py_XDECREF(scaled);
    Py_DECREF(part);
    Py_DECREF(whole);
    return result;
}

// MARK: - ints: -1

/// checked_add(a: borrowed, b: borrowed) -> new int: a + b within a C long, OverflowError past it:
/// checked_add(2, 3) == 5.
static PyObject *checked_add(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("checked_add", nargs, 2)) return NULL;
    long a = PyLong_AsLong(args[0]);
    if (a == -1) return NULL; // BUG: -1 is a value too: for it no exception is set, and NULL without one is a SystemError
    long b = PyLong_AsLong(args[1]);
    if (b == -1 && PyErr_Occurred()) return NULL;
    long sum;
    if (__builtin_add_overflow(a, b, &sum)) { PyErr_SetString(PyExc_OverflowError, "checked_add: past a C long"); return NULL; }
    return PyLong_FromLong(sum);
}

static PyObject *checked_add_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("checked_add_safe", nargs, 2)) return NULL;
    long a = PyLong_AsLong(args[0]);
    if (a == -1 && PyErr_Occurred()) return NULL;
    long b = PyLong_AsLong(args[1]);
    if (b == -1 && PyErr_Occurred()) return NULL;
    long sum;
    if (__builtin_add_overflow(a, b, &sum)) { PyErr_SetString(PyExc_OverflowError, "checked_add: past a C long"); return NULL; }
    return PyLong_FromLong(sum);
}

// MARK: - ints: 1

/// power(base: borrowed, exponent: borrowed) -> new: base ** exponent for an exponent from 0 to 64
/// (OverflowError past it: a generated 1000000 ** 1000000 would run for minutes): power(3, 2) == 9. The
/// exponents 0 and 1 need no arithmetic.
static PyObject *power(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("power", nargs, 2)) return NULL;
    PyObject *base = args[0], *exponent = args[1]; // borrowed
    long e = PyLong_AsLong(exponent);
    if (e == -1 && PyErr_Occurred()) return NULL;
    if (e < 0) { PyErr_SetString(PyExc_ValueError, "power: negative exponent"); return NULL; }
    if (e > 64) { PyErr_SetString(PyExc_OverflowError, "power: exponent past 64"); return NULL; }
    if (e == 0) return PyLong_FromLong(1);
    if (e == 1) return base; // BUG: base is borrowed: returned as a new reference, it costs the caller one
    return PyNumber_Power(base, exponent, Py_None);
}

static PyObject *power_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("power_safe", nargs, 2)) return NULL;
    PyObject *base = args[0], *exponent = args[1]; // borrowed
    long e = PyLong_AsLong(exponent);
    if (e == -1 && PyErr_Occurred()) return NULL;
    if (e < 0) { PyErr_SetString(PyExc_ValueError, "power: negative exponent"); return NULL; }
    if (e > 64) { PyErr_SetString(PyExc_OverflowError, "power: exponent past 64"); return NULL; }
    if (e == 0) return PyLong_FromLong(1);
    if (e == 1) return Py_NewRef(base);
    return PyNumber_Power(base, exponent, Py_None);
}

// MARK: - ints: 2**31 and past (within 64 bits)

/// pack_i32(list: borrowed) -> new bytes: the items as little-endian signed 32-bit words:
/// pack_i32([1, -2]) == b"\x01\0\0\0\xfe\xff\xff\xff"; OverflowError for an item past 32 bits.
static PyObject *pack_i32(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "pack_i32"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyBytes_FromStringAndSize(NULL, 4 * n); // new
    if (out == NULL) { Py_DECREF(items); return NULL; }
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        long long v = PyLong_AsLongLong(PyTuple_GET_ITEM(items, i));
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(out); Py_DECREF(items); return NULL; }
        if (v < INT32_MIN || v > INT32_MAX) {
            PyErr_Format(PyExc_OverflowError, "pack_i32: %lld does not fit 32 bits", v);
            Py_DECREF(items);
            return NULL; // BUG: `out` is never released: a bytes object lost per call
        }
        uint32_t word = (uint32_t)(int32_t)v;
        for (int k = 0; k < 4; k++) p[4 * i + k] = (unsigned char)(word >> (8 * k));
    }
    Py_DECREF(items);
    return out;
}

static PyObject *pack_i32_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "pack_i32_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyBytes_FromStringAndSize(NULL, 4 * n); // new
    if (out == NULL) { Py_DECREF(items); return NULL; }
    unsigned char *p = (unsigned char *)PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        long long v = PyLong_AsLongLong(PyTuple_GET_ITEM(items, i));
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(out); Py_DECREF(items); return NULL; }
        if (v < INT32_MIN || v > INT32_MAX) {
            PyErr_Format(PyExc_OverflowError, "pack_i32: %lld does not fit 32 bits", v);
            Py_DECREF(out);
            Py_DECREF(items);
            return NULL;
        }
        uint32_t word = (uint32_t)(int32_t)v;
        for (int k = 0; k < 4; k++) p[4 * i + k] = (unsigned char)(word >> (8 * k));
    }
    Py_DECREF(items);
    return out;
}

// MARK: - ints: 2**63 to 2**64 - 1

/// xor_words(list: borrowed) -> new int: the XOR of the items, 64-bit words, signed (-2**63 on) or
/// unsigned (to 2**64 - 1): xor_words([1, 3]) == 2.
static PyObject *xor_words(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "xor_words"); // new
    if (items == NULL) return NULL;
    unsigned long long acc = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(item, &overflow);
        if (v == -1 && PyErr_Occurred()) goto fail;
        if (overflow == 0) { acc ^= (unsigned long long)v; continue; }
        if (overflow < 0) { PyErr_SetString(PyExc_OverflowError, "xor_words: below -2**63"); goto fail; }
        // Past 2**63 - 1: an unsigned word, if it fits. PyLong_AsUnsignedLongLong takes ints only.
        PyObject *number = PyNumber_Index(item); // new: the item itself, for an int
        if (number == NULL) goto fail;
        unsigned long long u = PyLong_AsUnsignedLongLong(number);
        if (u == (unsigned long long)-1 && PyErr_Occurred()) { Py_DECREF(number); goto fail; }
        acc ^= u; // BUG: `number` is never released: an item past 2**63 keeps one more reference per call
    }
    Py_DECREF(items);
    return PyLong_FromUnsignedLongLong(acc);
fail:
    Py_DECREF(items);
    return NULL;
}

static PyObject *xor_words_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "xor_words_safe"); // new
    if (items == NULL) return NULL;
    unsigned long long acc = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(item, &overflow);
        if (v == -1 && PyErr_Occurred()) goto fail;
        if (overflow == 0) { acc ^= (unsigned long long)v; continue; }
        if (overflow < 0) { PyErr_SetString(PyExc_OverflowError, "xor_words: below -2**63"); goto fail; }
        PyObject *number = PyNumber_Index(item); // new
        if (number == NULL) goto fail;
        unsigned long long u = PyLong_AsUnsignedLongLong(number);
        Py_DECREF(number);
        if (u == (unsigned long long)-1 && PyErr_Occurred()) goto fail;
        acc ^= u;
    }
    Py_DECREF(items);
    return PyLong_FromUnsignedLongLong(acc);
fail:
    Py_DECREF(items);
    return NULL;
}

// MARK: - ints: 2**64 and past (to 2**128)

/// uuid_bytes(n: borrowed) -> new bytes: n, from 0 to 2**128 - 1, as 16 big-endian bytes (a UUID's):
/// uuid_bytes(1) == bytes(15) + b"\x01". One word below 2**64; past it, a high word and a low word.
static PyObject *uuid_bytes(PyObject *module, PyObject *obj) {
    (void)module;
    PyObject *number = PyNumber_Index(obj); // new
    if (number == NULL) return NULL;
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(number, &overflow);
    if (v == -1 && PyErr_Occurred()) goto fail;
    if (overflow < 0 || (overflow == 0 && v < 0)) { PyErr_SetString(PyExc_ValueError, "uuid_bytes: negative"); goto fail; }
    unsigned long long high = 0, low = PyLong_AsUnsignedLongLong(number);
    if (low == (unsigned long long)-1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError)) goto fail;
        PyErr_Clear(); // 2**64 or more
        PyObject *mask = PyLong_FromUnsignedLongLong(ULLONG_MAX); // new: 2**64 - 1
        if (mask == NULL) goto fail;
        PyObject *low_part = PyNumber_And(number, mask); // new
        // BUG: `mask` is never released: an int of 2**64 - 1 lost per call
        if (low_part == NULL) goto fail;
        low = PyLong_AsUnsignedLongLong(low_part);
        Py_DECREF(low_part);
        PyObject *shift = PyLong_FromLong(64); // new
        PyObject *high_part = shift ? PyNumber_Rshift(number, shift) : NULL; // new
        Py_XDECREF(shift);
        if (high_part == NULL) goto fail;
        high = PyLong_AsUnsignedLongLong(high_part); // OverflowError past 2**128
        Py_DECREF(high_part);
        if (high == (unsigned long long)-1 && PyErr_Occurred()) goto fail;
    }
    Py_DECREF(number);
    unsigned char out[16];
    for (int k = 0; k < 8; k++) {
        out[7 - k] = (unsigned char)(high >> (8 * k));
        out[15 - k] = (unsigned char)(low >> (8 * k));
    }
    return PyBytes_FromStringAndSize((const char *)out, 16);
fail:
    Py_DECREF(number);
    return NULL;
}

static PyObject *uuid_bytes_safe(PyObject *module, PyObject *obj) {
    (void)module;
    PyObject *number = PyNumber_Index(obj); // new
    if (number == NULL) return NULL;
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(number, &overflow);
    if (v == -1 && PyErr_Occurred()) goto fail;
    if (overflow < 0 || (overflow == 0 && v < 0)) { PyErr_SetString(PyExc_ValueError, "uuid_bytes: negative"); goto fail; }
    unsigned long long high = 0, low = PyLong_AsUnsignedLongLong(number);
    if (low == (unsigned long long)-1 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError)) goto fail;
        PyErr_Clear();
        PyObject *mask = PyLong_FromUnsignedLongLong(ULLONG_MAX); // new
        if (mask == NULL) goto fail;
        PyObject *low_part = PyNumber_And(number, mask); // new
        Py_DECREF(mask);
        if (low_part == NULL) goto fail;
        low = PyLong_AsUnsignedLongLong(low_part);
        Py_DECREF(low_part);
        PyObject *shift = PyLong_FromLong(64); // new
        PyObject *high_part = shift ? PyNumber_Rshift(number, shift) : NULL; // new
        Py_XDECREF(shift);
        if (high_part == NULL) goto fail;
        high = PyLong_AsUnsignedLongLong(high_part);
        Py_DECREF(high_part);
        if (high == (unsigned long long)-1 && PyErr_Occurred()) goto fail;
    }
    Py_DECREF(number);
    unsigned char out[16];
    for (int k = 0; k < 8; k++) {
        out[7 - k] = (unsigned char)(high >> (8 * k));
        out[15 - k] = (unsigned char)(low >> (8 * k));
    }
    return PyBytes_FromStringAndSize((const char *)out, 16);
fail:
    Py_DECREF(number);
    return NULL;
}

// MARK: - ints: huge

/// short_repr(n: borrowed) -> new str: the decimal text of the int n, cut as reprlib cuts it past 40
/// characters: short_repr(10**50) == "100000000000000000...0000000000000000000".
static PyObject *short_repr(PyObject *module, PyObject *obj) {
    (void)module;
    if (!rf_expect(PyLong_Check(obj), "short_repr", "an int")) return NULL;
    PyObject *text = PyNumber_ToBase(obj, 10); // new
    if (text == NULL) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len <= 40) return text;
    PyObject *head = PyUnicode_Substring(text, 0, 18); // new
    PyObject *tail = PyUnicode_Substring(text, len - 19, len); // new
    PyObject *cut = head && tail ? PyUnicode_FromFormat("%U...%U", head, tail) : NULL; // new
    Py_XDECREF(head);
    Py_XDECREF(tail);
    return cut; // BUG: `text`, the whole decimal text, is never released
}

static PyObject *short_repr_safe(PyObject *module, PyObject *obj) {
    (void)module;
    if (!rf_expect(PyLong_Check(obj), "short_repr_safe", "an int")) return NULL;
    PyObject *text = PyNumber_ToBase(obj, 10); // new
    if (text == NULL) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len <= 40) return text;
    PyObject *head = PyUnicode_Substring(text, 0, 18); // new
    PyObject *tail = PyUnicode_Substring(text, len - 19, len); // new
    PyObject *cut = head && tail ? PyUnicode_FromFormat("%U...%U", head, tail) : NULL; // new
    Py_XDECREF(head);
    Py_XDECREF(tail);
    Py_DECREF(text);
    return cut;
}

// MARK: - floats: 0.0 and -0.0 (a zero sum)

/// normalize(list: borrowed) -> new list: the items, numbers, divided by their sum:
/// normalize([1, 3]) == [0.25, 0.75]; ZeroDivisionError when they sum to 0.
static PyObject *normalize(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "normalize"); // new: a reference to every item
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    double *x = PyMem_New(double, n + 1), total = 0.0;
    if (x == NULL) { Py_DECREF(items); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < n; i++) {
        x[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(items, i));
        if (x[i] == -1.0 && PyErr_Occurred()) goto fail;
        total += x[i];
    }
    if (n > 0 && total == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "normalize: the items sum to 0");
        PyMem_Free(x);
        return NULL; // BUG: `items` is never released, and with it a reference to every item
    }
    PyObject *out = PyList_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *share = PyFloat_FromDouble(x[i] / total); // new, stolen below
        if (share == NULL) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, share);
    }
    PyMem_Free(x);
    Py_DECREF(items);
    return out;
fail:
    PyMem_Free(x);
    Py_DECREF(items);
    return NULL;
}

static PyObject *normalize_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "normalize_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    double *x = PyMem_New(double, n + 1), total = 0.0;
    if (x == NULL) { Py_DECREF(items); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < n; i++) {
        x[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(items, i));
        if (x[i] == -1.0 && PyErr_Occurred()) goto fail;
        total += x[i];
    }
    if (n > 0 && total == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "normalize: the items sum to 0");
        goto fail;
    }
    PyObject *out = PyList_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *share = PyFloat_FromDouble(x[i] / total); // new, stolen below
        if (share == NULL) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, share);
    }
    PyMem_Free(x);
    Py_DECREF(items);
    return out;
fail:
    PyMem_Free(x);
    Py_DECREF(items);
    return NULL;
}

// MARK: - floats: -0.0

/// canonical_zeros(list: borrowed) -> new tuple: the items, each -0.0 replaced by 0.0 (so that equal
/// keys print alike): canonical_zeros([-0.0, 1]) == (0.0, 1).
static PyObject *canonical_zeros(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "canonical_zeros", "a list")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    PyObject *out = PyTuple_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        Py_INCREF(item); // the tuple's reference, for most items
        if (PyFloat_Check(item) && PyFloat_AS_DOUBLE(item) == 0.0 && signbit(PyFloat_AS_DOUBLE(item))) {
            PyObject *zero = PyFloat_FromDouble(0.0); // new, stolen below
            if (zero == NULL) { Py_DECREF(item); Py_CLEAR(out); break; }
            PyTuple_SET_ITEM(out, i, zero); // BUG: the reference taken for `item` above is never given back
            continue;
        }
        PyTuple_SET_ITEM(out, i, item); // steals it
    }
    return out;
}

static PyObject *canonical_zeros_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "canonical_zeros_safe", "a list")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    PyObject *out = PyTuple_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *item = PyList_GET_ITEM(list, i); // borrowed
        Py_INCREF(item);
        if (PyFloat_Check(item) && PyFloat_AS_DOUBLE(item) == 0.0 && signbit(PyFloat_AS_DOUBLE(item))) {
            PyObject *zero = PyFloat_FromDouble(0.0); // new, stolen below
            Py_DECREF(item);
            if (zero == NULL) { Py_CLEAR(out); break; }
            PyTuple_SET_ITEM(out, i, zero);
            continue;
        }
        PyTuple_SET_ITEM(out, i, item); // steals it
    }
    return out;
}

// MARK: - floats: nan

/// float_max(list: borrowed) -> new: the largest item (numbers); a nan item wins at once, as nan
/// propagates: float_max([1, 2.5]) == 2.5; ValueError for an empty list.
static PyObject *float_max(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "float_max"); // new
    if (items == NULL) return NULL;
    PyObject *best = NULL; // borrowed from `items`
    double best_x = 0.0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed
        double x = PyFloat_AsDouble(item);
        if (x == -1.0 && PyErr_Occurred()) { Py_DECREF(items); return NULL; }
        if (isnan(x)) {
            Py_DECREF(items);
            return item; // BUG: borrowed (from the list) returned as a new reference: the caller's release takes the list's
        }
        if (best == NULL || x > best_x) { best = item; best_x = x; }
    }
    if (best == NULL) { Py_DECREF(items); PyErr_SetString(PyExc_ValueError, "float_max: empty list"); return NULL; }
    Py_INCREF(best);
    Py_DECREF(items);
    return best;
}

static PyObject *float_max_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "float_max_safe"); // new
    if (items == NULL) return NULL;
    PyObject *best = NULL; // borrowed from `items`
    double best_x = 0.0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(items); i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed
        double x = PyFloat_AsDouble(item);
        if (x == -1.0 && PyErr_Occurred()) { Py_DECREF(items); return NULL; }
        if (isnan(x)) {
            Py_INCREF(item);
            Py_DECREF(items);
            return item;
        }
        if (best == NULL || x > best_x) { best = item; best_x = x; }
    }
    if (best == NULL) { Py_DECREF(items); PyErr_SetString(PyExc_ValueError, "float_max: empty list"); return NULL; }
    Py_INCREF(best);
    Py_DECREF(items);
    return best;
}

// MARK: - floats: inf

/// to_millis(list: borrowed) -> new list: the items, seconds, as whole milliseconds (None for a nan):
/// to_millis([1.5, 0.0021]) == [1500, 2]; OverflowError for an infinity.
static PyObject *to_millis(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "to_millis"); // new: a reference to every item
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyList_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed
        double x = PyFloat_AsDouble(item);
        if (x == -1.0 && PyErr_Occurred()) goto fail;
        PyObject *ms; // new, stolen below
        if (isnan(x)) {
            ms = Py_NewRef(Py_None);
        } else if (isinf(x)) {
            PyErr_Format(PyExc_OverflowError, "to_millis: %R has no milliseconds", item);
            Py_DECREF(out);
            return NULL; // BUG: `items` is never released, and with it a reference to every item
        } else {
            ms = PyLong_FromDouble(round(x * 1000.0)); // OverflowError past a finite product
            if (ms == NULL) goto fail;
        }
        PyList_SET_ITEM(out, i, ms);
    }
    Py_DECREF(items);
    return out;
fail:
    Py_DECREF(out);
    Py_DECREF(items);
    return NULL;
}

static PyObject *to_millis_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "to_millis_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyList_New(n); // new
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed
        double x = PyFloat_AsDouble(item);
        if (x == -1.0 && PyErr_Occurred()) goto fail;
        PyObject *ms; // new, stolen below
        if (isnan(x)) {
            ms = Py_NewRef(Py_None);
        } else if (isinf(x)) {
            PyErr_Format(PyExc_OverflowError, "to_millis: %R has no milliseconds", item);
            goto fail;
        } else {
            ms = PyLong_FromDouble(round(x * 1000.0));
            if (ms == NULL) goto fail;
        }
        PyList_SET_ITEM(out, i, ms);
    }
    Py_DECREF(items);
    return out;
fail:
    Py_XDECREF(out);
    Py_DECREF(items);
    return NULL;
}

// MARK: - floats: subnormal

/// fixed_point(x: borrowed) -> new int: the number x in 32.32 fixed point, round(x * 2**32):
/// fixed_point(1.5) == 6442450944; ValueError for a subnormal x, which has no such value.
static PyObject *fixed_point(PyObject *module, PyObject *obj) {
    (void)module;
    double x = PyFloat_AsDouble(obj);
    if (x == -1.0 && PyErr_Occurred()) return NULL;
    if (x != 0.0 && fabs(x) < DBL_MIN) {
        PyErr_SetString(PyExc_ValueError, "fixed_point: a subnormal float");
        // BUG: no `return NULL`: the int below goes back with the exception still set (a SystemError)
    }
    return PyLong_FromDouble(round(ldexp(x, 32)));
}

static PyObject *fixed_point_safe(PyObject *module, PyObject *obj) {
    (void)module;
    double x = PyFloat_AsDouble(obj);
    if (x == -1.0 && PyErr_Occurred()) return NULL;
    if (x != 0.0 && fabs(x) < DBL_MIN) {
        PyErr_SetString(PyExc_ValueError, "fixed_point: a subnormal float");
        return NULL;
    }
    return PyLong_FromDouble(round(ldexp(x, 32)));
}

// MARK: - str: empty

/// first_line(text: borrowed, fallback: borrowed) -> new str: the first line of text, or fallback when
/// text is empty: first_line("a\nb", "-") == "a".
static PyObject *first_line(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("first_line", nargs, 2)) return NULL;
    PyObject *text = args[0], *fallback = args[1]; // borrowed
    if (!rf_expect(PyUnicode_Check(text) && PyUnicode_Check(fallback), "first_line", "two strs")) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len == 0) return fallback; // BUG: borrowed, returned as a new reference: it costs the caller one
    Py_ssize_t end = PyUnicode_FindChar(text, '\n', 0, len, 1);
    if (end == -2) return NULL;
    return PyUnicode_Substring(text, 0, end == -1 ? len : end);
}

static PyObject *first_line_safe(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (!rf_arity("first_line_safe", nargs, 2)) return NULL;
    PyObject *text = args[0], *fallback = args[1]; // borrowed
    if (!rf_expect(PyUnicode_Check(text) && PyUnicode_Check(fallback), "first_line_safe", "two strs")) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    if (len == 0) return Py_NewRef(fallback);
    Py_ssize_t end = PyUnicode_FindChar(text, '\n', 0, len, 1);
    if (end == -2) return NULL;
    return PyUnicode_Substring(text, 0, end == -1 ? len : end);
}

// MARK: - str: ASCII

/// fold_case(s: borrowed) -> new str: s in lower case: fold_case("Hello") == "hello". ASCII text (of
/// the exact str type) is folded here, in one pass; other text by str.lower.
static PyObject *fold_case(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "fold_case", "a str")) return NULL;
    if (!PyUnicode_CheckExact(s) || !PyUnicode_IS_ASCII(s)) return PyObject_CallMethod(s, "lower", NULL);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), first = 0;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    while (first < len && !(data[first] >= 'A' && data[first] <= 'Z')) first++;
    if (first == len) return s; // BUG: already folded, so returned as it is — but borrowed, as if new
    PyObject *out = PyUnicode_New(len, 127); // new
    if (out == NULL) return NULL;
    Py_UCS1 *folded = PyUnicode_1BYTE_DATA(out);
    for (Py_ssize_t i = 0; i < len; i++) folded[i] = data[i] >= 'A' && data[i] <= 'Z' ? data[i] + 32 : data[i];
    return out;
}

static PyObject *fold_case_safe(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "fold_case_safe", "a str")) return NULL;
    if (!PyUnicode_CheckExact(s) || !PyUnicode_IS_ASCII(s)) return PyObject_CallMethod(s, "lower", NULL);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), first = 0;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    while (first < len && !(data[first] >= 'A' && data[first] <= 'Z')) first++;
    if (first == len) return Py_NewRef(s);
    PyObject *out = PyUnicode_New(len, 127); // new
    if (out == NULL) return NULL;
    Py_UCS1 *folded = PyUnicode_1BYTE_DATA(out);
    for (Py_ssize_t i = 0; i < len; i++) folded[i] = data[i] >= 'A' && data[i] <= 'Z' ? data[i] + 32 : data[i];
    return out;
}

// MARK: - str: Latin-1 (past ASCII, one byte a character)

/// tag_encode(s: borrowed) -> new bytes: s in the narrowest of ASCII, Latin-1 and UTF-8, after a tag
/// byte naming it: tag_encode("ab") == b"Aab", tag_encode("é") == b"L\xe9", tag_encode("€") == b"U\xe2\x82\xac".
static PyObject *tag_encode(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "tag_encode", "a str")) return NULL;
    PyObject *out; // new
    if (PyUnicode_IS_ASCII(s)) {
        out = PyBytes_FromStringAndSize("A", 1);
        PyBytes_ConcatAndDel(&out, PyUnicode_AsASCIIString(s));
    } else if (PyUnicode_KIND(s) == PyUnicode_1BYTE_KIND) {
        out = PyBytes_FromStringAndSize("L", 1);
        PyObject *latin1 = PyUnicode_AsLatin1String(s); // new
        PyBytes_Concat(&out, latin1); // BUG: unlike PyBytes_ConcatAndDel, Concat leaves latin1's reference to us, never released
    } else {
        out = PyBytes_FromStringAndSize("U", 1);
        PyBytes_ConcatAndDel(&out, PyUnicode_AsUTF8String(s));
    }
    return out;
}

static PyObject *tag_encode_safe(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "tag_encode_safe", "a str")) return NULL;
    PyObject *out; // new
    if (PyUnicode_IS_ASCII(s)) {
        out = PyBytes_FromStringAndSize("A", 1);
        PyBytes_ConcatAndDel(&out, PyUnicode_AsASCIIString(s));
    } else if (PyUnicode_KIND(s) == PyUnicode_1BYTE_KIND) {
        out = PyBytes_FromStringAndSize("L", 1);
        PyObject *latin1 = PyUnicode_AsLatin1String(s); // new
        PyBytes_ConcatAndDel(&out, latin1); // releases it
    } else {
        out = PyBytes_FromStringAndSize("U", 1);
        PyBytes_ConcatAndDel(&out, PyUnicode_AsUTF8String(s));
    }
    return out;
}

// MARK: - str: BMP (two bytes a character)

/// ucs2_bytes(s: borrowed) -> new bytes: s as UCS-2, two bytes a character in native order:
/// ucs2_bytes("a") == b"a\0" on a little-endian machine; ValueError for a character past U+FFFF.
static PyObject *ucs2_bytes(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "ucs2_bytes", "a str")) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (PyUnicode_KIND(s) == PyUnicode_4BYTE_KIND) { PyErr_SetString(PyExc_ValueError, "ucs2_bytes: a character past U+FFFF"); return NULL; }
    if (PyUnicode_KIND(s) == PyUnicode_2BYTE_KIND) {
        PyObject *utf16 = PyUnicode_AsUTF16String(s); // new: a byte-order mark, then the text in native order
        if (utf16 == NULL) return NULL;
        return PyBytes_FromStringAndSize(PyBytes_AS_STRING(utf16) + 2, PyBytes_GET_SIZE(utf16) - 2); // BUG: utf16 is never released
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, 2 * len); // new
    if (out == NULL) return NULL;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    for (Py_ssize_t i = 0; i < len; i++) {
        uint16_t unit = data[i];
        memcpy(PyBytes_AS_STRING(out) + 2 * i, &unit, 2);
    }
    return out;
}

static PyObject *ucs2_bytes_safe(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "ucs2_bytes_safe", "a str")) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (PyUnicode_KIND(s) == PyUnicode_4BYTE_KIND) { PyErr_SetString(PyExc_ValueError, "ucs2_bytes: a character past U+FFFF"); return NULL; }
    if (PyUnicode_KIND(s) == PyUnicode_2BYTE_KIND) {
        PyObject *utf16 = PyUnicode_AsUTF16String(s); // new
        if (utf16 == NULL) return NULL;
        PyObject *out = PyBytes_FromStringAndSize(PyBytes_AS_STRING(utf16) + 2, PyBytes_GET_SIZE(utf16) - 2); // new
        Py_DECREF(utf16);
        return out;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, 2 * len); // new
    if (out == NULL) return NULL;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(s);
    for (Py_ssize_t i = 0; i < len; i++) {
        uint16_t unit = data[i];
        memcpy(PyBytes_AS_STRING(out) + 2 * i, &unit, 2);
    }
    return out;
}

// MARK: - str: astral (past U+FFFF)

/// Writes the UTF-16-LE code unit `unit` at `*p` and moves `*p` past it.
static void put_unit(unsigned char **p, unsigned unit) {
    (*p)[0] = (unsigned char)unit;
    (*p)[1] = (unsigned char)(unit >> 8);
    *p += 2;
}

/// Writes `s` (borrowed) as UTF-16-LE at `p`: a surrogate pair for each character past U+FFFF.
static void put_utf16le(unsigned char *p, PyObject *s) {
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(s); i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0xFFFF) {
            put_unit(&p, 0xD800 | ((c - 0x10000) >> 10));
            put_unit(&p, 0xDC00 | ((c - 0x10000) & 0x3FF));
        } else {
            put_unit(&p, c);
        }
    }
}

/// utf16le(s: borrowed) -> new bytes: s in UTF-16-LE: utf16le("a") == b"a\0",
/// utf16le("\U0001F600") == b"=\xd8\x00\xde".
static PyObject *utf16le(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "utf16le", "a str")) return NULL;
    Py_ssize_t units = PyUnicode_GET_LENGTH(s); // BUG: a character past U+FFFF takes two units, uncounted: the text overruns `out`
    PyObject *out = PyBytes_FromStringAndSize(NULL, 2 * units); // new
    if (out == NULL) return NULL;
    put_utf16le((unsigned char *)PyBytes_AS_STRING(out), s);
    return out;
}

static PyObject *utf16le_safe(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "utf16le_safe", "a str")) return NULL;
    Py_ssize_t units = PyUnicode_GET_LENGTH(s);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(s); i++) {
        if (PyUnicode_READ_CHAR(s, i) > 0xFFFF) units++; // the second unit of a surrogate pair
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, 2 * units); // new
    if (out == NULL) return NULL;
    put_utf16le((unsigned char *)PyBytes_AS_STRING(out), s);
    return out;
}

// MARK: - str: long

/// New reference: the list [item] (borrowed item).
static PyObject *list_of(PyObject *item) {
    PyObject *list = PyList_New(1); // new
    if (list != NULL) PyList_SET_ITEM(list, 0, Py_NewRef(item));
    return list;
}

/// wrap_lines(s: borrowed) -> new list: s cut into lines of 64 characters, the last one shorter:
/// wrap_lines("abc") == ["abc"].
static PyObject *wrap_lines(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "wrap_lines", "a str")) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (len <= 64) return list_of(s);
    PyObject *lines = PyList_New(0); // new
    for (Py_ssize_t start = 0; lines != NULL && start < len; start += 64) {
        PyObject *line = PyUnicode_Substring(s, start, start + 64 < len ? start + 64 : len); // new
        if (line == NULL || PyList_Append(lines, line) < 0) { Py_XDECREF(line); Py_CLEAR(lines); }
        // BUG: PyList_Append takes a reference of its own; `line`'s is never released
    }
    return lines;
}

static PyObject *wrap_lines_safe(PyObject *module, PyObject *s) {
    (void)module;
    if (!rf_expect(PyUnicode_Check(s), "wrap_lines_safe", "a str")) return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (len <= 64) return list_of(s);
    PyObject *lines = PyList_New(0); // new
    for (Py_ssize_t start = 0; lines != NULL && start < len; start += 64) {
        PyObject *line = PyUnicode_Substring(s, start, start + 64 < len ? start + 64 : len); // new
        if (line == NULL || PyList_Append(lines, line) < 0) Py_CLEAR(lines);
        Py_XDECREF(line);
    }
    return lines;
}

// MARK: - str: fresh (not interned)

/// pop_name(d: borrowed) -> new str or None: removes d's first str key and says so:
/// pop_name({"x": 1}) == "removed 'x'"; None when d has no str key.
static PyObject *pop_name(PyObject *module, PyObject *d) {
    (void)module;
    if (!rf_expect(PyDict_Check(d), "pop_name", "a dict")) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value; // borrowed from d
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) continue;
        // BUG: deleting drops d's reference to the key, the only one for a fresh string (an interned
        // one lives on in the interpreter), and the key is used after
        if (PyDict_DelItem(d, key) < 0) return NULL;
        return PyUnicode_FromFormat("removed %R", key);
    }
    Py_RETURN_NONE;
}

static PyObject *pop_name_safe(PyObject *module, PyObject *d) {
    (void)module;
    if (!rf_expect(PyDict_Check(d), "pop_name_safe", "a dict")) return NULL;
    Py_ssize_t pos = 0;
    PyObject *key, *value; // borrowed from d
    while (PyDict_Next(d, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) continue;
        Py_INCREF(key); // ours, across the deletion
        PyObject *said = PyDict_DelItem(d, key) < 0 ? NULL : PyUnicode_FromFormat("removed %R", key); // new
        Py_DECREF(key);
        return said;
    }
    Py_RETURN_NONE;
}

// MARK: - bytes: empty

/// The value of the hex digit `c`, or -1.
static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Decodes the escapes of `src` (`len` bytes) into `dst`; returns the decoded length (at most `len`).
static Py_ssize_t decode_escapes(const char *src, Py_ssize_t len, char *dst) {
    Py_ssize_t n = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        char c = src[i];
        if (c == '\\' && i + 1 < len) {
            char e = src[++i];
            if (e == 'n') c = '\n';
            else if (e == 't') c = '\t';
            else if (e == '\\') c = '\\';
            else if (e == 'x' && i + 2 < len && hex_digit(src[i + 1]) >= 0 && hex_digit(src[i + 2]) >= 0) {
                c = (char)(hex_digit(src[i + 1]) * 16 + hex_digit(src[i + 2]));
                i += 2;
            } else {
                dst[n++] = '\\';
                c = e;
            }
        }
        dst[n++] = c;
    }
    return n;
}

/// unescape(data: borrowed) -> new bytes: data with its escapes \n, \t, \\ and \xHH decoded:
/// unescape(b"a\\x41") == b"aA". It decodes into a work buffer as long as data.
static PyObject *unescape(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "unescape", "bytes")) return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    PyObject *work = PyByteArray_FromStringAndSize(NULL, len); // new
    if (work == NULL) return NULL;
    if (len == 0) return Py_NewRef(data); // BUG: `work` is never released (the early return for empty input forgot it)
    Py_ssize_t n = decode_escapes(PyBytes_AS_STRING(data), len, PyByteArray_AS_STRING(work));
    PyObject *out = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(work), n); // new
    Py_DECREF(work);
    return out;
}

static PyObject *unescape_safe(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "unescape_safe", "bytes")) return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    PyObject *work = PyByteArray_FromStringAndSize(NULL, len); // new
    if (work == NULL) return NULL;
    if (len == 0) { Py_DECREF(work); return Py_NewRef(data); }
    Py_ssize_t n = decode_escapes(PyBytes_AS_STRING(data), len, PyByteArray_AS_STRING(work));
    PyObject *out = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(work), n); // new
    Py_DECREF(work);
    return out;
}

// MARK: - bytes: short (8 or fewer)

/// The 64-bit FNV-1a hash of `len` bytes at `p`.
static uint64_t fnv1a(const char *p, Py_ssize_t len) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (Py_ssize_t i = 0; i < len; i++) h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return h;
}

/// key_of(data: borrowed) -> new bytes: a key of at most 16 bytes for data: data itself when it has 8
/// bytes or fewer, else its first 8 bytes and the FNV-1a hash of it all.
static PyObject *key_of(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "key_of", "bytes")) return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    if (len <= 8) return data; // BUG: borrowed, returned as a new reference: it costs the caller one
    char key[16];
    uint64_t h = fnv1a(PyBytes_AS_STRING(data), len);
    memcpy(key, PyBytes_AS_STRING(data), 8);
    memcpy(key + 8, &h, 8);
    return PyBytes_FromStringAndSize(key, 16);
}

static PyObject *key_of_safe(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "key_of_safe", "bytes")) return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    if (len <= 8) return Py_NewRef(data);
    char key[16];
    uint64_t h = fnv1a(PyBytes_AS_STRING(data), len);
    memcpy(key, PyBytes_AS_STRING(data), 8);
    memcpy(key + 8, &h, 8);
    return PyBytes_FromStringAndSize(key, 16);
}

// MARK: - bytes: past 8

/// Appends data[start:end] of the memoryview `view` (borrowed) to `out` (borrowed) as bytes. 0, or -1.
static int append_slice(PyObject *out, PyObject *view, Py_ssize_t start, Py_ssize_t end) {
    PyObject *piece = PySequence_GetSlice(view, start, end); // new: a view of the slice, no copy
    PyObject *chunk = piece ? PyBytes_FromObject(piece) : NULL; // new
    Py_XDECREF(piece);
    int status = chunk ? PyList_Append(out, chunk) : -1;
    Py_XDECREF(chunk);
    return status;
}

/// chunks8(data: borrowed) -> new list: data cut into pieces of 8 bytes, the last one shorter:
/// chunks8(b"0123456789") == [b"01234567", b"89"]. Past 8 bytes it slices a memoryview of data.
static PyObject *chunks8(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "chunks8", "bytes")) return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    if (len <= 8) return list_of(data);
    PyObject *view = PyMemoryView_FromObject(data); // new: it exports data's buffer, and holds data, until released
    if (view == NULL) return NULL;
    PyObject *out = PyList_New(0); // new
    for (Py_ssize_t start = 0; out != NULL && start < len; start += 8) {
        if (append_slice(out, view, start, start + 8 < len ? start + 8 : len) < 0) Py_CLEAR(out);
    }
    if (out == NULL) { Py_DECREF(view); return NULL; }
    return out; // BUG: `view` is never released: data keeps one more reference (the view's) per call
}

static PyObject *chunks8_safe(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "chunks8_safe", "bytes")) return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    if (len <= 8) return list_of(data);
    PyObject *view = PyMemoryView_FromObject(data); // new
    if (view == NULL) return NULL;
    PyObject *out = PyList_New(0); // new
    for (Py_ssize_t start = 0; out != NULL && start < len; start += 8) {
        if (append_slice(out, view, start, start + 8 < len ? start + 8 : len) < 0) Py_CLEAR(out);
    }
    Py_DECREF(view);
    return out;
}

// MARK: - bytes: long (64 and more)

/// The CRC-32 (of zlib) of `len` bytes at `p`.
static uint32_t crc32_of(const unsigned char *p, Py_ssize_t len) {
    uint32_t crc = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

/// crc32(data: borrowed) -> new int: the CRC-32 of data, as zlib.crc32 computes it. From 64 bytes on it
/// releases the GIL while it works, holding a buffer view so that data stays put.
static PyObject *crc32(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "crc32", "bytes")) return NULL;
    uint32_t crc;
    if (PyBytes_GET_SIZE(data) < 64) {
        crc = crc32_of((const unsigned char *)PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
    } else {
        Py_buffer view; // view.obj: a new reference to data
        if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) return NULL;
        Py_BEGIN_ALLOW_THREADS
        crc = crc32_of(view.buf, view.len);
        Py_END_ALLOW_THREADS
        // BUG: no PyBuffer_Release(&view): the view's reference to data is never given back
    }
    return PyLong_FromUnsignedLong(crc);
}

static PyObject *crc32_safe(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "crc32_safe", "bytes")) return NULL;
    uint32_t crc;
    if (PyBytes_GET_SIZE(data) < 64) {
        crc = crc32_of((const unsigned char *)PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data));
    } else {
        Py_buffer view; // view.obj: a new reference to data
        if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) return NULL;
        Py_BEGIN_ALLOW_THREADS
        crc = crc32_of(view.buf, view.len);
        Py_END_ALLOW_THREADS
        PyBuffer_Release(&view);
    }
    return PyLong_FromUnsignedLong(crc);
}

// MARK: - bytes: with NULs

/// label(data: borrowed) -> new str: a fixed-size name field, data up to its first NUL, as Latin-1:
/// label(b"eth0\0\0\0\0") == "eth0".
static PyObject *label(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "label", "bytes")) return NULL;
    const char *p = PyBytes_AS_STRING(data);
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    PyObject *text = PyUnicode_DecodeLatin1(p, len, NULL); // new
    if (text == NULL) return NULL;
    const char *nul = memchr(p, 0, len);
    if (nul != NULL) return PyUnicode_Substring(text, 0, nul - p); // BUG: `text`, the whole field, is never released
    return text;
}

static PyObject *label_safe(PyObject *module, PyObject *data) {
    (void)module;
    if (!rf_expect(PyBytes_Check(data), "label_safe", "bytes")) return NULL;
    const char *p = PyBytes_AS_STRING(data);
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    PyObject *text = PyUnicode_DecodeLatin1(p, len, NULL); // new
    if (text == NULL) return NULL;
    const char *nul = memchr(p, 0, len);
    if (nul != NULL) Py_SETREF(text, PyUnicode_Substring(text, 0, nul - p));
    return text;
}

// MARK: - container lengths: past 8 items

/// Mixes the hash of `item` (borrowed) into `*acc` as a tuple's hash does. 0, or -1 with an exception.
static int mix_hash(Py_uhash_t *acc, PyObject *item) {
    Py_hash_t h = PyObject_Hash(item);
    if (h == -1) return -1;
    *acc = (*acc ^ (Py_uhash_t)h) * 1000003UL;
    return 0;
}

/// fingerprint(list: borrowed) -> new int: a hash of the items in order. Up to 8 items are held in an
/// array on the stack while hashing runs (it may run Python code); more, in a tuple.
static PyObject *fingerprint(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "fingerprint", "a list")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    Py_uhash_t acc = 0x345678UL;
    int status = 0;
    if (n <= 8) {
        PyObject *held[8]; // new references
        for (Py_ssize_t i = 0; i < n; i++) held[i] = Py_NewRef(PyList_GET_ITEM(list, i));
        for (Py_ssize_t i = 0; status == 0 && i < n; i++) status = mix_hash(&acc, held[i]);
        for (Py_ssize_t i = 0; i < n; i++) Py_DECREF(held[i]);
    } else {
        PyObject *items = PyList_AsTuple(list); // new: a reference to every item
        if (items == NULL) return NULL;
        for (Py_ssize_t i = 0; status == 0 && i < n; i++) status = mix_hash(&acc, PyTuple_GET_ITEM(items, i));
        // BUG: `items` is never released: every item keeps one more reference per call
    }
    return status < 0 ? NULL : PyLong_FromSize_t(acc);
}

static PyObject *fingerprint_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "fingerprint_safe", "a list")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    Py_uhash_t acc = 0x345678UL;
    int status = 0;
    if (n <= 8) {
        PyObject *held[8]; // new references
        for (Py_ssize_t i = 0; i < n; i++) held[i] = Py_NewRef(PyList_GET_ITEM(list, i));
        for (Py_ssize_t i = 0; status == 0 && i < n; i++) status = mix_hash(&acc, held[i]);
        for (Py_ssize_t i = 0; i < n; i++) Py_DECREF(held[i]);
    } else {
        PyObject *items = PyList_AsTuple(list); // new
        if (items == NULL) return NULL;
        for (Py_ssize_t i = 0; status == 0 && i < n; i++) status = mix_hash(&acc, PyTuple_GET_ITEM(items, i));
        Py_DECREF(items);
    }
    return status < 0 ? NULL : PyLong_FromSize_t(acc);
}

// MARK: - container lengths: past 16 items

/// unique(list: borrowed) -> new list: the items without repeats, in order: unique([1, 2, 1]) == [1, 2].
/// Up to 16 items, each is compared with those kept; past 16, a set remembers them.
static PyObject *unique(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "unique"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyList_New(0); // new
    PyObject *seen = n > 16 ? PySet_New(NULL) : NULL; // new
    if (out == NULL || (n > 16 && seen == NULL)) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed from the snapshot
        int found = seen ? PySet_Contains(seen, item) : PySequence_Contains(out, item);
        if (found < 0) goto fail;
        if (found) continue;
        if ((seen && PySet_Add(seen, item) < 0) || PyList_Append(out, item) < 0) goto fail;
        if (seen) Py_DECREF(item); // BUG: left from a version that took the items from PyIter_Next (new references); these are borrowed
    }
    Py_XDECREF(seen);
    Py_DECREF(items);
    return out;
fail:
    Py_XDECREF(seen);
    Py_XDECREF(out);
    Py_DECREF(items);
    return NULL;
}

static PyObject *unique_safe(PyObject *module, PyObject *list) {
    (void)module;
    PyObject *items = rf_list_items(list, "unique_safe"); // new
    if (items == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(items);
    PyObject *out = PyList_New(0); // new
    PyObject *seen = n > 16 ? PySet_New(NULL) : NULL; // new
    if (out == NULL || (n > 16 && seen == NULL)) goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(items, i); // borrowed from the snapshot
        int found = seen ? PySet_Contains(seen, item) : PySequence_Contains(out, item);
        if (found < 0) goto fail;
        if (found) continue;
        if ((seen && PySet_Add(seen, item) < 0) || PyList_Append(out, item) < 0) goto fail;
    }
    Py_XDECREF(seen);
    Py_DECREF(items);
    return out;
fail:
    Py_XDECREF(seen);
    Py_XDECREF(out);
    Py_DECREF(items);
    return NULL;
}

// MARK: - container lengths: past 64 items

/// window(list: borrowed) -> new tuple: the last 64 items (all of them, for 64 or fewer).
static PyObject *window(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "window", "a list")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n <= 64) return PyList_AsTuple(list);
    PyObject *last = PyList_GetSlice(list, n - 64, n); // new: a list with a reference to each of the last 64 items
    if (last == NULL) return NULL;
    return PyList_AsTuple(last); // BUG: `last` is never released: each of the last 64 items keeps one more reference
}

static PyObject *window_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "window_safe", "a list")) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n <= 64) return PyList_AsTuple(list);
    PyObject *last = PyList_GetSlice(list, n - 64, n); // new
    if (last == NULL) return NULL;
    PyObject *out = PyList_AsTuple(last); // new
    Py_DECREF(last);
    return out;
}

// MARK: - a container inside itself

/// Appends the items of `list` (borrowed) to `out` (borrowed), and those of the lists inside it, in
/// order, with no guard against a list inside itself. 0, or -1 with an exception set.
static int flatten_into(PyObject *out, PyObject *list) {
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(list, i)); // new: appending may run Python code (a gc)
        // BUG: no Py_EnterRecursiveCall: a list inside itself recurses until the C stack overflows
        int status = PyList_Check(item) ? flatten_into(out, item) : PyList_Append(out, item);
        Py_DECREF(item);
        if (status < 0) return -1;
    }
    return 0;
}

/// Like flatten_into, with RecursionError for a list nested too deep (or inside itself).
static int flatten_into_safe(PyObject *out, PyObject *list) {
    if (Py_EnterRecursiveCall(" in flatten")) return -1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(list, i)); // new
        int status = PyList_Check(item) ? flatten_into_safe(out, item) : PyList_Append(out, item);
        Py_DECREF(item);
        if (status < 0) { Py_LeaveRecursiveCall(); return -1; }
    }
    Py_LeaveRecursiveCall();
    return 0;
}

/// flatten(list: borrowed) -> new list: the items of list and of the lists inside it, in order:
/// flatten([1, [2, [3]]]) == [1, 2, 3].
static PyObject *flatten(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "flatten", "a list")) return NULL;
    PyObject *out = PyList_New(0); // new
    if (out != NULL && flatten_into(out, list) < 0) Py_CLEAR(out);
    return out;
}

static PyObject *flatten_safe(PyObject *module, PyObject *list) {
    (void)module;
    if (!rf_expect(PyList_Check(list), "flatten_safe", "a list")) return NULL;
    PyObject *out = PyList_New(0); // new
    if (out != NULL && flatten_into_safe(out, list) < 0) Py_CLEAR(out);
    return out;
}

// MARK: - Module

static PyMethodDef reach_value_methods[] = {
    {"hex_join", hex_join, METH_O, "BUG use-after-free: a byte value's cached text stored in a list without a reference of its own."},
    {"hex_join_safe", hex_join_safe, METH_O, "Twin of hex_join."},
    {"encode_varints", encode_varints, METH_O, "BUG leak: the error path for a negative item leaks it."},
    {"encode_varints_safe", encode_varints_safe, METH_O, "Twin of encode_varints."},
    {"percent", RF_FASTCALL(percent), "BUG leak: the ZeroDivisionError path leaks both arguments."},
    {"percent_safe", RF_FASTCALL(percent_safe), "Twin of percent."},
    {"checked_add", RF_FASTCALL(checked_add), "BUG bad-exception: -1 taken for PyLong_AsLong's error."},
    {"checked_add_safe", RF_FASTCALL(checked_add_safe), "Twin of checked_add."},
    {"power", RF_FASTCALL(power), "BUG over-decref: an exponent of 1 returns the borrowed base."},
    {"power_safe", RF_FASTCALL(power_safe), "Twin of power."},
    {"pack_i32", pack_i32, METH_O, "BUG leak: the OverflowError path for an item past 32 bits leaks the output."},
    {"pack_i32_safe", pack_i32_safe, METH_O, "Twin of pack_i32."},
    {"xor_words", xor_words, METH_O, "BUG leak: the unsigned path for an item past 2**63 leaks it."},
    {"xor_words_safe", xor_words_safe, METH_O, "Twin of xor_words."},
    {"uuid_bytes", uuid_bytes, METH_O, "BUG leak: the two-word path past 2**64 leaks its mask."},
    {"uuid_bytes_safe", uuid_bytes_safe, METH_O, "Twin of uuid_bytes."},
    {"short_repr", short_repr, METH_O, "BUG leak: cutting the text of an int past 40 digits leaks the text."},
    {"short_repr_safe", short_repr_safe, METH_O, "Twin of short_repr."},
    {"normalize", normalize, METH_O, "BUG leak: the ZeroDivisionError path for a zero sum leaks the items."},
    {"normalize_safe", normalize_safe, METH_O, "Twin of normalize."},
    {"canonical_zeros", canonical_zeros, METH_O, "BUG leak: replacing a -0.0 leaks it."},
    {"canonical_zeros_safe", canonical_zeros_safe, METH_O, "Twin of canonical_zeros."},
    {"float_max", float_max, METH_O, "BUG over-decref: a nan item is returned borrowed."},
    {"float_max_safe", float_max_safe, METH_O, "Twin of float_max."},
    {"to_millis", to_millis, METH_O, "BUG leak: the OverflowError path for an infinity leaks the items."},
    {"to_millis_safe", to_millis_safe, METH_O, "Twin of to_millis."},
    {"fixed_point", fixed_point, METH_O, "BUG bad-exception: a subnormal sets ValueError and returns a result."},
    {"fixed_point_safe", fixed_point_safe, METH_O, "Twin of fixed_point."},
    {"first_line", RF_FASTCALL(first_line), "BUG over-decref: an empty text returns the borrowed fallback."},
    {"first_line_safe", RF_FASTCALL(first_line_safe), "Twin of first_line."},
    {"fold_case", fold_case, METH_O, "BUG over-decref: folded ASCII text is returned borrowed."},
    {"fold_case_safe", fold_case_safe, METH_O, "Twin of fold_case."},
    {"tag_encode", tag_encode, METH_O, "BUG leak: the Latin-1 branch uses PyBytes_Concat as if it stole."},
    {"tag_encode_safe", tag_encode_safe, METH_O, "Twin of tag_encode."},
    {"ucs2_bytes", ucs2_bytes, METH_O, "BUG leak: the two-byte branch leaks its UTF-16 text."},
    {"ucs2_bytes_safe", ucs2_bytes_safe, METH_O, "Twin of ucs2_bytes."},
    {"utf16le", utf16le, METH_O, "BUG crash: sized one unit a character, overrun by surrogate pairs."},
    {"utf16le_safe", utf16le_safe, METH_O, "Twin of utf16le."},
    {"wrap_lines", wrap_lines, METH_O, "BUG leak: each line of a text past 64 characters leaks."},
    {"wrap_lines_safe", wrap_lines_safe, METH_O, "Twin of wrap_lines."},
    {"pop_name", pop_name, METH_O, "BUG use-after-free: a key used after deleting it from the dict."},
    {"pop_name_safe", pop_name_safe, METH_O, "Twin of pop_name."},
    {"unescape", unescape, METH_O, "BUG leak: the early return for empty input leaks the work buffer."},
    {"unescape_safe", unescape_safe, METH_O, "Twin of unescape."},
    {"key_of", key_of, METH_O, "BUG over-decref: short data is its own key, returned borrowed."},
    {"key_of_safe", key_of_safe, METH_O, "Twin of key_of."},
    {"chunks8", chunks8, METH_O, "BUG leak: past 8 bytes, a memoryview of the data is never released."},
    {"chunks8_safe", chunks8_safe, METH_O, "Twin of chunks8."},
    {"crc32", crc32, METH_O, "BUG leak: from 64 bytes on, a buffer view is never released."},
    {"crc32_safe", crc32_safe, METH_O, "Twin of crc32."},
    {"label", label, METH_O, "BUG leak: cutting at a NUL leaks the whole decoded field."},
    {"label_safe", label_safe, METH_O, "Twin of label."},
    {"fingerprint", fingerprint, METH_O, "BUG leak: past 8 items, the tuple of items is never released."},
    {"fingerprint_safe", fingerprint_safe, METH_O, "Twin of fingerprint."},
    {"unique", unique, METH_O, "BUG over-decref: past 16 items, each kept item is released once too often."},
    {"unique_safe", unique_safe, METH_O, "Twin of unique."},
    {"window", window, METH_O, "BUG leak: past 64 items, the slice of the last 64 is never released."},
    {"window_safe", window_safe, METH_O, "Twin of window."},
    {"flatten", flatten, METH_O, "BUG crash: unbounded recursion into a list inside itself."},
    {"flatten_safe", flatten_safe, METH_O, "Twin of flatten."},
    {NULL, NULL, 0, NULL},
};

/// (spec, the kind of bug it has or NULL for a correct twin, one line about it); each bug's shortest case
/// is in ReachExamplesTests.swift.
static const char *const reach_value_targets[][3] = {
    {"refexamples:hex_join(list)", "use-after-free", "a byte value (a cached small int) takes its text from a table, stored in a list without a reference: the table ends up with freed text"},
    {"refexamples:hex_join_safe(list)", NULL, "twin of hex_join"},
    {"refexamples:encode_varints(list)", "leak", "the ValueError path for a negative item leaks the item"},
    {"refexamples:encode_varints_safe(list)", NULL, "twin of encode_varints"},
    {"refexamples:percent(int,int)", "leak", "the ZeroDivisionError path for a whole of 0 leaks both arguments"},
    {"refexamples:percent_safe(int,int)", NULL, "twin of percent"},
    {"refexamples:checked_add(int,int)", "bad-exception", "takes -1 from PyLong_AsLong for an error: NULL without an exception"},
    {"refexamples:checked_add_safe(int,int)", NULL, "twin of checked_add"},
    {"refexamples:power(int,int)", "over-decref", "an exponent of 1 returns the borrowed base as new"},
    {"refexamples:power_safe(int,int)", NULL, "twin of power"},
    {"refexamples:pack_i32(list)", "leak", "the OverflowError path for an item past 32 bits (2**31 on) leaks the output bytes"},
    {"refexamples:pack_i32_safe(list)", NULL, "twin of pack_i32"},
    {"refexamples:xor_words(list)", "leak", "the unsigned path for an item from 2**63 to 2**64 - 1 leaks the item"},
    {"refexamples:xor_words_safe(list)", NULL, "twin of xor_words"},
    {"refexamples:uuid_bytes(int)", "leak", "the two-word path from 2**64 on leaks an int made per call"},
    {"refexamples:uuid_bytes_safe(int)", NULL, "twin of uuid_bytes"},
    {"refexamples:short_repr(int)", "leak", "cutting the text of an int past 40 digits leaks the whole text"},
    {"refexamples:short_repr_safe(int)", NULL, "twin of short_repr"},
    {"refexamples:normalize(list)", "leak", "the ZeroDivisionError path for items summing to 0 (0.0, -0.0) leaks a reference to each"},
    {"refexamples:normalize_safe(list)", NULL, "twin of normalize"},
    {"refexamples:canonical_zeros(list)", "leak", "replacing a -0.0 by 0.0 leaks the -0.0"},
    {"refexamples:canonical_zeros_safe(list)", NULL, "twin of canonical_zeros"},
    {"refexamples:float_max(list)", "over-decref", "a nan item is returned borrowed, as new"},
    {"refexamples:float_max_safe(list)", NULL, "twin of float_max"},
    {"refexamples:to_millis(list)", "leak", "the OverflowError path for an infinity leaks a reference to each item"},
    {"refexamples:to_millis_safe(list)", NULL, "twin of to_millis"},
    {"refexamples:fixed_point(float)", "bad-exception", "a subnormal sets ValueError and returns a result all the same"},
    {"refexamples:fixed_point_safe(float)", NULL, "twin of fixed_point"},
    {"refexamples:first_line(str,str)", "over-decref", "an empty text returns the borrowed fallback as new"},
    {"refexamples:first_line_safe(str,str)", NULL, "twin of first_line"},
    {"refexamples:fold_case(str)", "over-decref", "ASCII text with no capital returns itself, borrowed, as new"},
    {"refexamples:fold_case_safe(str)", NULL, "twin of fold_case"},
    {"refexamples:tag_encode(str)", "leak", "the Latin-1 branch (past ASCII, one byte a character) takes PyBytes_Concat for ConcatAndDel and leaks the encoded text"},
    {"refexamples:tag_encode_safe(str)", NULL, "twin of tag_encode"},
    {"refexamples:ucs2_bytes(str)", "leak", "the two-byte branch (BMP text past Latin-1) leaks its UTF-16 text"},
    {"refexamples:ucs2_bytes_safe(str)", NULL, "twin of ucs2_bytes"},
    {"refexamples:wrap_lines(str)", "leak", "each line of a text past 64 characters leaks (PyList_Append does not steal)"},
    {"refexamples:wrap_lines_safe(str)", NULL, "twin of wrap_lines"},
    {"refexamples:pop_name(dict)", "use-after-free", "uses a str key after deleting it: fatal for a fresh string, masked by an interned one"},
    {"refexamples:pop_name_safe(dict)", NULL, "twin of pop_name"},
    {"refexamples:unescape(bytes)", "leak", "the early return for empty bytes leaks the work buffer"},
    {"refexamples:unescape_safe(bytes)", NULL, "twin of unescape"},
    {"refexamples:key_of(bytes)", "over-decref", "bytes of 8 or fewer are their own key, returned borrowed as new"},
    {"refexamples:key_of_safe(bytes)", NULL, "twin of key_of"},
    {"refexamples:chunks8(bytes)", "leak", "past 8 bytes, a memoryview holding the data is never released"},
    {"refexamples:chunks8_safe(bytes)", NULL, "twin of chunks8"},
    {"refexamples:crc32(bytes)", "leak", "from 64 bytes on, the buffer view held while the GIL is released is never released"},
    {"refexamples:crc32_safe(bytes)", NULL, "twin of crc32"},
    {"refexamples:label(bytes)", "leak", "cutting at a NUL leaks the whole decoded field"},
    {"refexamples:label_safe(bytes)", NULL, "twin of label"},
    {"refexamples:fingerprint(list)", "leak", "past 8 items, the tuple that holds them while hashing is never released"},
    {"refexamples:fingerprint_safe(list)", NULL, "twin of fingerprint"},
    {"refexamples:unique(list)", "over-decref", "past 16 items, each item kept is released once too often"},
    {"refexamples:unique_safe(list)", NULL, "twin of unique"},
    {"refexamples:window(list)", "leak", "past 64 items, the slice of the last 64 is never released"},
    {"refexamples:window_safe(list)", NULL, "twin of window"},
    {"refexamples:flatten(list)", "crash", "recurses into a list inside itself until the C stack overflows"},
    {"refexamples:flatten_safe(list)", NULL, "twin of flatten: RecursionError"},
    // an overrun of 2 bytes a character past U+FFFF, mostly inside the rounding of its block: the
    // allocator hooks' redzone sees it when the output is freed
    {"refexamples:utf16le(str)", "crash", "sized one unit a character: a character past U+FFFF overruns the output"},
    {"refexamples:utf16le_safe(str)", NULL, "twin of utf16le"},
};

/// Adds the functions and their rows to `module` (borrowed). Returns 0, or -1 with an exception set.
int rf_add_reach_values(PyObject *module) {
    if (PyModule_AddFunctions(module, reach_value_methods) < 0) return -1;
    return rf_add_targets(module, reach_value_targets, sizeof reach_value_targets / sizeof reach_value_targets[0]);
}
