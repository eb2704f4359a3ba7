/// The step semantics of the operations that take a whole iterable or build a new container from
/// others (deque.extend, PyFrozenSet_New, PySequence_Concat and InPlaceConcat), and of `==` as a
/// sequence search decides it (PySequence_Contains, PySequence_Index). They are built from the one
/// step semantics, `OwnershipModel.effect`: an extension is a run of appends, a frozenset a run of adds.
extension OwnershipModel {
    /// `container.extend(items)` (deque.extend, list +=, deque +=): each item appended in turn, a
    /// bounded deque dropping from the left as it goes; nil when the model cannot tell. `removed` are
    /// the slots let go (items dropped by the bound, old ones or the new ones themselves).
    public static func extending(_ container: Container, with items: [Int], semantics: PythonSemantics) -> (after: [Int], removed: [Int])? {
        var current = container
        var removed: [Int] = []
        for item in items {
            guard let effect = effect(of: .append(argument: 0, value: .singleton(.none)), on: current, created: [item],
                                      chosen: nil, semantics: semantics) else { return nil }
            current.elements = effect.after
            removed += effect.removed
        }
        return (current.elements, removed)
    }

    /// The members of `PyFrozenSet_New(items)` (or `set(items)`): each item added in turn, an item equal
    /// to one already there left out (the first one stays); nil when equality is Python's to decide.
    public static func members(of items: [Int], semantics: PythonSemantics) -> [Int]? {
        var current = Container(kind: .frozenset, elements: [])
        for item in items {
            guard let effect = effect(of: .setAdd(argument: 0, value: .singleton(.none)), on: current, created: [item],
                                      chosen: nil, semantics: semantics) else { return nil }
            current.elements = effect.after
        }
        return current.elements
    }

    /// What `PySequence_Concat(a, b)` (or, `inPlace`, `PySequence_InPlaceConcat`) gives back.
    public enum Concatenation: Hashable, Sendable {
        /// A new reference to the first or the second operand (`t + ()` is `t`, `() + t` is `t`, `l += x`
        /// is `l` once extended).
        case operand(Int)
        /// A new container (`l1 + l2`, `d1 + d2` keeping `d1`'s maxlen, `t1 + t2`).
        case new(Container)
    }

    /// The result of concatenating the sequences `a` and `b` (of the same kind, or any iterable `b` for
    /// an in-place list or deque), with the first operand's contents after it (changed in place) and the
    /// slots it let go; nil when Python raises (TypeError) or only Python knows.
    public static func concatenation(_ a: Container, _ b: Container, inPlace: Bool, semantics: PythonSemantics)
        -> (result: Concatenation, first: [Int], removed: [Int])? {
        let buffers: Set<ArgumentKind> = [.bytearray, .array]
        switch a.kind {
        case .list where inPlace, .deque where inPlace:
            // list_inplace_concat and deque_inplace_concat extend the list or deque by any iterable
            // (itself included: its items are copied first) and return it.
            guard let (after, removed) = extending(a, with: b.elements, semantics: semantics) else { return nil }
            return (.operand(0), after, removed)
        case .list, .deque:
            guard b.kind == a.kind else { return nil }
            // A new list, or deque_concat's copy of the deque (its maxlen kept), extended by the other.
            let start = Container(kind: a.kind, elements: [], maxlen: a.maxlen)
            guard let (after, _) = extending(start, with: a.elements + b.elements, semantics: semantics) else { return nil }
            return (.new(Container(kind: a.kind, elements: after, maxlen: a.maxlen)), a.elements, [])
        case .tuple:
            // A tuple has no in-place concatenation: `t += u` is `t + u`. Concatenating an empty tuple
            // gives the other operand itself.
            guard b.kind == .tuple else { return nil }
            if b.elements.isEmpty { return (.operand(0), a.elements, []) }
            if a.elements.isEmpty { return (.operand(1), a.elements, []) }
            return (.new(Container(kind: .tuple, elements: a.elements + b.elements)), a.elements, [])
        case let kind where buffers.contains(kind):
            // Buffers hold numbers: `b += b2` is b itself, `b + b2` a new buffer; no object references.
            guard b.kind == kind else { return nil }
            return (inPlace ? .operand(0) : .new(Container(kind: kind, elements: [])), [], [])
        default:
            return nil
        }
    }

    /// The position of the first element of `elements` equal to `item` as a sequence search compares
    /// (identity first, then `==`), -1 when none is; nil when some comparison is Python's to decide.
    public static func firstIndex(of item: Int, in elements: [Int], semantics: PythonSemantics) -> Int? {
        for (i, element) in elements.enumerated() {
            guard let same = semantics.sequenceEqual(element, item) else { return nil }
            if same { return i }
        }
        return -1
    }
}

extension PythonSemantics {
    /// `a == b` as `PyObject_RichCompareBool` decides it inside a sequence search or a list or tuple
    /// comparison: identity first; lists, tuples and deques compare element by element (a list is never
    /// equal to a tuple); scalars as `equal` says. Nil when Python code decides (dicts and sets compared
    /// with their own kind, buffers with buffers or bytes, objects that are not the case's, nesting too
    /// deep to follow).
    public func sequenceEqual(_ a: Int, _ b: Int, depth: Int = 0) -> Bool? {
        if a < 0 || b < 0 { return nil }
        if a == b { return true }
        guard depth < 16 else { return nil }
        let sequences: Set<ArgumentKind> = [.list, .tuple, .deque]
        let sets: Set<ArgumentKind> = [.set, .frozenset]
        let buffers: Set<ArgumentKind> = [.bytearray, .array]
        switch (scalar(a), scalar(b)) {
        case (.container(let k), .container(let l)) where buffers.contains(k) || buffers.contains(l):
            // A bytearray compares its bytes with any buffer's (an array's, another bytearray's), an
            // array its items with another array's: contents the model does not keep.
            return buffers.contains(k) && buffers.contains(l) ? nil : false
        case (.container(let k), .bytes), (.bytes, .container(let k)):
            return buffers.contains(k) ? nil : false
        case (.container(let k), .container(let l)):
            if k == l && sequences.contains(k) {
                let left = elements(a), right = elements(b)
                guard left.count == right.count else { return false }
                for (p, q) in zip(left, right) {
                    guard let same = sequenceEqual(p, q, depth: depth + 1) else { return nil }
                    if !same { return false }
                }
                return true
            }
            if k == l || (sets.contains(k) && sets.contains(l)) || Set([k, l]) == [.dict, .ordereddict] { return nil }
            return false
        case (.container, .opaque), (.opaque, .container): return nil
        case (.container, _), (_, .container): return false
        default: return equal(a, b)
        }
    }
}
