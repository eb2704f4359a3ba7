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
        case .incref(let x): return "Py_INCREF(\(h(x)))"
        case .decref(let x): return "Py_DECREF(\(h(x)))"
        case .use(let x, let how): return "use(\(h(x)), \(how.rawValue))"
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
