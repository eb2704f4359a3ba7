/// A program of raw C-API operations, for checking the ownership model step by step against the real
/// interpreter (`reffuzz conformance`). Handles are the program's variables: each points to an object
/// and either owns a reference (new references, and borrowed ones it increfed) or borrows one.
///
///     h0 = PyList_New(0)                 /* new */
///     h1 = PyLong_FromLong(1000003)      /* new */
///     PyList_Append(h0, h1)              /* does not steal: h0[0] and h1 both own one */
///     Py_DECREF(h1)                      /* h1 now borrows: the list holds the only reference */
///     h2 = PyList_GetItem(h0, 0)         /* borrowed */
///     PyList_SetSlice(h0, 0, n, NULL)    /* the list lets go: h1 and h2 dangle */
public enum CAPIOp: Hashable, Sendable, Codable {
    // Making objects: new references.
    case newList(Int)
    case newDict(Int)
    /// PyTuple_New(n) followed by PyTuple_SetItem of `items` (each stolen from an owned handle).
    case newTuple(Int, items: [Int])
    case newSet(Int)
    case newValue(Int, Value)
    // Lists.
    case listAppend(list: Int, item: Int)
    case listInsert(list: Int, index: Int, item: Int)
    /// PyList_SetItem: steals the item handle's reference; the old item is released.
    case listSetItem(list: Int, index: Int, item: Int)
    /// PyList_GetItem: a borrowed handle.
    case listGetItem(Int, list: Int, index: Int)
    case listDelItem(list: Int, index: Int)
    case listDelSlice(list: Int, from: Int, to: Int)
    /// PyList_SetSlice(list, 0, len, NULL): the `do_something` that empties a list.
    case listClear(list: Int)
    /// list.pop(index): a new reference.
    case listPop(Int, list: Int, index: Int)
    case listSort(list: Int)
    case listReverse(list: Int)
    // Dicts.
    case dictSetItem(dict: Int, key: Int, value: Int)
    /// PyDict_GetItem: a borrowed handle to the value (none when the key is missing).
    case dictGetItem(Int, dict: Int, key: Int)
    case dictDelItem(dict: Int, key: Int)
    case dictClear(dict: Int)
    /// dict.popitem(): a new (key, value) tuple that takes over the dict's references to both.
    case dictPopItem(Int, dict: Int)
    /// PyDict_Next to the n-th entry: borrowed handles to its key and value.
    case dictNext(key: Int, value: Int, dict: Int, entry: Int)
    // Tuples.
    /// PyTuple_GetItem: a borrowed handle.
    case tupleGetItem(Int, tuple: Int, index: Int)
    // Sets.
    case setAdd(set: Int, item: Int)
    case setDiscard(set: Int, item: Int)
    case setClear(set: Int)
    /// PySet_Pop: a new reference.
    case setPop(Int, set: Int)
    // Deques: collections.deque has no C API, so its methods (unbound, looked up once) are called.
    /// `collections.deque((), maxlen)`: a new, empty deque.
    case newDeque(Int, maxlen: Int?)
    case dequeAppend(deque: Int, item: Int)
    case dequeAppendLeft(deque: Int, item: Int)
    /// deque.pop(): a new reference (the right end).
    case dequePop(Int, deque: Int)
    /// deque.popleft(): a new reference.
    case dequePopLeft(Int, deque: Int)
    /// deque.extend(iterable): new references to each item of the handle's list, tuple, deque or set.
    case dequeExtend(deque: Int, from: Int)
    case dequeRotate(deque: Int, by: Int)
    case dequeClear(deque: Int)
    // Frozensets.
    /// PyFrozenSet_New(iterable), or PyFrozenSet_New(NULL): a new frozenset.
    case newFrozenSet(Int, from: Int?)
    // OrderedDicts: the C API (PyODict_SetItem, PyODict_DelItem, PyDict_GetItem) and the methods.
    case newOrderedDict(Int)
    /// PyODict_SetItem: does not steal.
    case odictSetItem(odict: Int, key: Int, value: Int)
    case odictDelItem(odict: Int, key: Int)
    /// od.move_to_end(key, last).
    case odictMoveToEnd(odict: Int, key: Int, last: Bool)
    /// od.popitem(last): a new (key, value) tuple.
    case odictPopItem(Int, odict: Int, last: Bool)
    /// od.clear().
    case odictClear(odict: Int)
    // Storage that holds no objects.
    /// `bytearray()` or `array.array('q')`: new.
    case newBuffer(Int, ArgumentKind)
    /// b.append(int): the buffer stores the number, not the object.
    case bufferAppend(buffer: Int, item: Int)
    // The abstract sequence protocol, on lists, tuples and deques (and buffers for the concatenations).
    /// PySequence_GetItem: a new reference.
    case seqGetItem(Int, seq: Int, index: Int)
    /// PySequence_SetItem: does not steal.
    case seqSetItem(seq: Int, index: Int, item: Int)
    case seqDelItem(seq: Int, index: Int)
    /// PySequence_Contains: the answer (0 or 1) is checked too.
    case seqContains(seq: Int, item: Int)
    /// PyDict_Contains on a dict or OrderedDict: the answer (0 or 1) is checked too.
    case dictContains(dict: Int, key: Int)
    /// PySequence_Index: the answer (-1 when missing) is checked too.
    case seqIndex(seq: Int, item: Int)
    /// PySequence_Concat: new (possibly one of the operands: `t + ()` is `t`).
    case seqConcat(Int, a: Int, b: Int)
    /// PySequence_InPlaceConcat: new (the first operand itself, for a mutable one).
    case seqInPlaceConcat(Int, a: Int, b: Int)
    // References.
    /// Py_INCREF: the handle owns one more reference (protecting a borrow).
    case incref(Int)
    /// Py_DECREF: the handle gives one up.
    case decref(Int)
    /// Uses the object: repr, hash, or compare with another handle's object.
    case use(Int, UseKind)

    public enum UseKind: String, Hashable, Sendable, Codable, CaseIterable {
        case repr, hash, compare, increfDecref = "incref-decref"
    }

    /// C-like text with the contract in a comment.
    public var text: String {
        func h(_ n: Int) -> String { "h\(n)" }
        switch self {
        case .newList(let r): return "\(h(r)) = PyList_New(0)  /* new */"
        case .newDict(let r): return "\(h(r)) = PyDict_New()  /* new */"
        case .newTuple(let r, let items): return "\(h(r)) = PyTuple_New(\(items.count)); " + items.enumerated().map { "PyTuple_SetItem(\(h(r)), \($0), \(h($1)))" }.joined(separator: "; ") + "  /* new; steals the items */"
        case .newSet(let r): return "\(h(r)) = PySet_New(NULL)  /* new */"
        case .newValue(let r, let v): return "\(h(r)) = \(v.text)  /* new (\(v.dataClass.rawValue)) */"
        case .listAppend(let l, let i): return "PyList_Append(\(h(l)), \(h(i)))  /* does not steal */"
        case .listInsert(let l, let at, let i): return "PyList_Insert(\(h(l)), \(at), \(h(i)))  /* does not steal */"
        case .listSetItem(let l, let at, let i): return "PyList_SetItem(\(h(l)), \(at), \(h(i)))  /* steals \(h(i)) */"
        case .listGetItem(let r, let l, let at): return "\(h(r)) = PyList_GetItem(\(h(l)), \(at))  /* borrowed */"
        case .listDelItem(let l, let at): return "PySequence_DelItem(\(h(l)), \(at))"
        case .listDelSlice(let l, let from, let to): return "PySequence_DelSlice(\(h(l)), \(from), \(to))"
        case .listClear(let l): return "PyList_SetSlice(\(h(l)), 0, PY_SSIZE_T_MAX, NULL)"
        case .listPop(let r, let l, let at): return "\(h(r)) = \(h(l)).pop(\(at))  /* new */"
        case .listSort(let l): return "PyList_Sort(\(h(l)))"
        case .listReverse(let l): return "PyList_Reverse(\(h(l)))"
        case .dictSetItem(let d, let k, let v): return "PyDict_SetItem(\(h(d)), \(h(k)), \(h(v)))  /* does not steal */"
        case .dictGetItem(let r, let d, let k): return "\(h(r)) = PyDict_GetItem(\(h(d)), \(h(k)))  /* borrowed */"
        case .dictDelItem(let d, let k): return "PyDict_DelItem(\(h(d)), \(h(k)))"
        case .dictClear(let d): return "PyDict_Clear(\(h(d)))"
        case .dictPopItem(let r, let d): return "\(h(r)) = \(h(d)).popitem()  /* new: a (key, value) tuple */"
        case .dictNext(let k, let v, let d, let n): return "PyDict_Next(\(h(d)), <entry \(n)>, &\(h(k)), &\(h(v)))  /* borrowed */"
        case .tupleGetItem(let r, let t, let at): return "\(h(r)) = PyTuple_GetItem(\(h(t)), \(at))  /* borrowed */"
        case .setAdd(let s, let i): return "PySet_Add(\(h(s)), \(h(i)))  /* does not steal */"
        case .setDiscard(let s, let i): return "PySet_Discard(\(h(s)), \(h(i)))"
        case .setClear(let s): return "PySet_Clear(\(h(s)))"
        case .setPop(let r, let s): return "\(h(r)) = PySet_Pop(\(h(s)))  /* new */"
        case .newDeque(let r, let maxlen): return "\(h(r)) = deque((), \(maxlen.map(String.init) ?? "None"))  /* new */"
        case .dequeAppend(let d, let i): return "\(h(d)).append(\(h(i)))  /* does not steal */"
        case .dequeAppendLeft(let d, let i): return "\(h(d)).appendleft(\(h(i)))  /* does not steal */"
        case .dequePop(let r, let d): return "\(h(r)) = \(h(d)).pop()  /* new */"
        case .dequePopLeft(let r, let d): return "\(h(r)) = \(h(d)).popleft()  /* new */"
        case .dequeExtend(let d, let from): return "\(h(d)).extend(\(h(from)))  /* new references to the items */"
        case .dequeRotate(let d, let n): return "\(h(d)).rotate(\(n))"
        case .dequeClear(let d): return "\(h(d)).clear()"
        case .newFrozenSet(let r, let from): return "\(h(r)) = PyFrozenSet_New(\(from.map(h) ?? "NULL"))  /* new */"
        case .newOrderedDict(let r): return "\(h(r)) = OrderedDict()  /* new */"
        case .odictSetItem(let d, let k, let v): return "PyODict_SetItem(\(h(d)), \(h(k)), \(h(v)))  /* does not steal */"
        case .odictDelItem(let d, let k): return "PyODict_DelItem(\(h(d)), \(h(k)))"
        case .odictMoveToEnd(let d, let k, let last): return "\(h(d)).move_to_end(\(h(k)), last=\(last ? "True" : "False"))"
        case .odictPopItem(let r, let d, let last): return "\(h(r)) = \(h(d)).popitem(last=\(last ? "True" : "False"))  /* new: a (key, value) tuple */"
        case .odictClear(let d): return "\(h(d)).clear()"
        case .newBuffer(let r, let kind): return "\(h(r)) = \(kind == .array ? "array('q')" : "bytearray()")  /* new */"
        case .bufferAppend(let b, let i): return "\(h(b)).append(\(h(i)))  /* stores the number */"
        case .seqGetItem(let r, let s, let at): return "\(h(r)) = PySequence_GetItem(\(h(s)), \(at))  /* new */"
        case .seqSetItem(let s, let at, let i): return "PySequence_SetItem(\(h(s)), \(at), \(h(i)))  /* does not steal */"
        case .seqDelItem(let s, let at): return "PySequence_DelItem(\(h(s)), \(at))"
        case .seqContains(let s, let i): return "PySequence_Contains(\(h(s)), \(h(i)))"
        case .dictContains(let d, let k): return "PyDict_Contains(\(h(d)), \(h(k)))"
        case .seqIndex(let s, let i): return "PySequence_Index(\(h(s)), \(h(i)))"
        case .seqConcat(let r, let a, let b): return "\(h(r)) = PySequence_Concat(\(h(a)), \(h(b)))  /* new */"
        case .seqInPlaceConcat(let r, let a, let b): return "\(h(r)) = PySequence_InPlaceConcat(\(h(a)), \(h(b)))  /* new */"
        case .incref(let x): return "Py_INCREF(\(h(x)))"
        case .decref(let x): return "Py_DECREF(\(h(x)))"
        case .use(let x, let how): return "use(\(h(x)), \(how.rawValue))"
        }
    }
}

extension CAPIOp {
    /// The C-API function or method the op runs (`PyList_Append`, `deque.rotate`), as reports count them.
    public var function: String {
        switch self {
        case .newList: "PyList_New"
        case .newDict: "PyDict_New"
        case .newTuple: "PyTuple_New"
        case .newSet: "PySet_New"
        case .newValue: "new value"
        case .listAppend: "PyList_Append"
        case .listInsert: "PyList_Insert"
        case .listSetItem: "PyList_SetItem"
        case .listGetItem: "PyList_GetItem"
        case .listDelItem: "PySequence_DelItem(list)"
        case .listDelSlice: "PySequence_DelSlice"
        case .listClear: "PyList_SetSlice"
        case .listPop: "list.pop"
        case .listSort: "PyList_Sort"
        case .listReverse: "PyList_Reverse"
        case .dictSetItem: "PyDict_SetItem"
        case .dictGetItem: "PyDict_GetItem"
        case .dictDelItem: "PyDict_DelItem"
        case .dictClear: "PyDict_Clear"
        case .dictPopItem: "dict.popitem"
        case .dictNext: "PyDict_Next"
        case .tupleGetItem: "PyTuple_GetItem"
        case .setAdd: "PySet_Add"
        case .setDiscard: "PySet_Discard"
        case .setClear: "PySet_Clear"
        case .setPop: "PySet_Pop"
        case .newDeque(_, let maxlen): maxlen == nil ? "deque()" : "deque(maxlen)"
        case .dequeAppend: "deque.append"
        case .dequeAppendLeft: "deque.appendleft"
        case .dequePop: "deque.pop"
        case .dequePopLeft: "deque.popleft"
        case .dequeExtend: "deque.extend"
        case .dequeRotate: "deque.rotate"
        case .dequeClear: "deque.clear"
        case .newFrozenSet: "PyFrozenSet_New"
        case .newOrderedDict: "OrderedDict()"
        case .odictSetItem: "PyODict_SetItem"
        case .odictDelItem: "PyODict_DelItem"
        case .odictMoveToEnd: "OrderedDict.move_to_end"
        case .odictPopItem(_, _, let last): last ? "OrderedDict.popitem(last=True)" : "OrderedDict.popitem(last=False)"
        case .odictClear: "OrderedDict.clear"
        case .newBuffer(_, let kind): kind == .array ? "array('q')" : "bytearray()"
        case .bufferAppend: "buffer.append"
        case .seqGetItem: "PySequence_GetItem"
        case .seqSetItem: "PySequence_SetItem"
        case .seqDelItem: "PySequence_DelItem"
        case .seqContains: "PySequence_Contains"
        case .dictContains: "PyDict_Contains"
        case .seqIndex: "PySequence_Index"
        case .seqConcat: "PySequence_Concat"
        case .seqInPlaceConcat: "PySequence_InPlaceConcat"
        case .incref: "Py_INCREF"
        case .decref: "Py_DECREF"
        case .use: "use"
        }
    }
}

public struct CAPIProgram: Hashable, Sendable, Codable {
    public var ops: [CAPIOp]
    public var seed: UInt64
    public var index: Int

    public init(ops: [CAPIOp], seed: UInt64 = 0, index: Int = 0) {
        self.ops = ops
        self.seed = seed
        self.index = index
    }

    public var text: String { ops.enumerated().map { "\($0.offset): \($0.element.text)" }.joined(separator: "\n") }
}
