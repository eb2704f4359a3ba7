/// The oracle: an abstract ledger of who holds a reference to each object of a case.
///
/// Every object (by tag) has references from the harness (`owned`) and from the slots of the live
/// containers that hold it. An object whose count of known references drops to zero must die then;
/// a container that dies releases its slots in turn. Mutation steps are applied with Python's
/// semantics (`PythonSemantics`), so the model predicts each step's effect on the container's contents
/// and which objects lose their last reference at that step.
public struct OwnershipModel: Sendable {
    public struct Container: Hashable, Sendable {
        public var kind: ArgumentKind
        /// Elements by tag (a dict's keys and values interleaved); a negative tag is an object that is
        /// not the case's (one the target put there), kept so that positions and pairs stay right.
        /// Always empty for storage that holds no objects (bytearray, array).
        public var elements: [Int]
        /// A bounded deque's maxlen.
        public var maxlen: Int?
        /// References held besides the slots, one per entry (by tag): the keys of an OrderedDict's order
        /// list when its dict and list disagree and it is seen as a dict (`ContainerSnapshot.held`).
        public var held: [Int]

        public init(kind: ArgumentKind, elements: [Int], maxlen: Int? = nil, held: [Int] = []) {
            self.kind = kind
            self.elements = kind == .bytearray || kind == .array ? [] : elements
            self.maxlen = maxlen
            self.held = held
        }

        /// The tags it holds: its elements, then what it holds besides.
        public var holdings: [Int] { elements + held }

        /// The references the slot at `index` holds to its element: two for an OrderedDict's key (its
        /// dict entry and its node in the order list each hold one), one for every other slot.
        public func references(at index: Int) -> Int { kind == .ordereddict && index % 2 == 0 ? 2 : 1 }
    }

    /// References held by the harness (or by a program's handles), per tag.
    public internal(set) var owned = TagMap<Int>()
    public internal(set) var containers = TagMap<Container>()
    /// Tags the model says are dead, with the step at which they lost their last reference.
    public internal(set) var deaths = TagMap<Int>()
    /// Objects that are never freed whatever their count (cached ints, interned strings, singletons).
    public private(set) var immortal = TagSet()
    public var semantics: PythonSemantics

    /// `capacity`: the number of tags expected (more are taken as they come).
    public init(semantics: PythonSemantics, capacity: Int = 0) {
        self.semantics = semantics
        owned = TagMap(capacity: capacity)
        // `containers` stays unsized: it is sparse and iterated often.
        deaths = TagMap(capacity: capacity)
    }

    // MARK: Building

    public mutating func add(tag: Int, owned references: Int, container: Container? = nil, shared: Bool = false) {
        owned[tag] = references
        if let container { containers[tag] = container }
        if shared { immortal.insert(tag) }
    }

    /// Replaces a container's contents with what was observed (after the build, or before a step).
    public mutating func resync(_ snapshot: ContainerSnapshot) {
        guard containers[snapshot.tag] != nil else { return }
        containers[snapshot.tag] = Container(kind: snapshot.kind, elements: snapshot.elements, maxlen: containers[snapshot.tag]?.maxlen,
                                             held: snapshot.held ?? [])
    }

    // MARK: Queries

    /// Known references to `tag`: the harness's plus those of each slot of a live container.
    public func references(to tag: Int) -> Int {
        var n = owned[tag] ?? 0
        for (holder, container) in containers where deaths[holder] == nil {
            for (i, element) in container.elements.enumerated() where element == tag { n += container.references(at: i) }
            n += container.held.filter { $0 == tag }.count
        }
        return n
    }

    public func isAlive(_ tag: Int) -> Bool { deaths[tag] == nil }

    /// Who holds `tag` (for stories): "the caller", "arg0", ...
    public func holders(of tag: Int, naming: (Int) -> String) -> [String] {
        var names: [String] = []
        if let n = owned[tag], n > 0 { names.append("the caller") }
        for (holder, container) in containers.sorted(by: { $0.key < $1.key })
        where deaths[holder] == nil && container.holdings.contains(tag) {
            names.append(naming(holder))
        }
        return names
    }

    // MARK: Reference operations

    /// The harness takes a reference (Py_INCREF on a handle, a new reference it now owns).
    public mutating func take(_ tag: Int) { owned[tag, default: 0] += 1 }

    /// The harness releases a reference; returns the tags that die because of it.
    @discardableResult
    public mutating func release(_ tag: Int, at step: Int) -> [Int] {
        owned[tag, default: 0] -= 1
        return collect(candidates: [tag], at: step)
    }

    /// Objects among `candidates` with no known reference die, and the slots of dying containers go too.
    @discardableResult
    public mutating func collect(candidates: [Int], at step: Int) -> [Int] {
        var died: [Int] = []
        var work = candidates
        while let tag = work.popLast() {
            guard tag >= 0, deaths[tag] == nil, !immortal.contains(tag), references(to: tag) <= 0 else { continue }
            deaths[tag] = step
            died.append(tag)
            if let container = containers[tag] { work.append(contentsOf: container.holdings) }
        }
        return died
    }

    // MARK: Mutation steps

    /// The model's prediction for one step.
    public struct StepPrediction: Hashable, Sendable {
        /// The container's elements after the step, or nil when the model cannot say (a step that raised,
        /// a key whose equality only Python code decides, a step that other steps ran inside of).
        public var after: [Int]?
        /// True when only the multiset of elements is predicted (set iteration order, set.pop).
        public var unordered: Bool
        /// The tags that lose their last reference at this step.
        public var deaths: [Int]
        /// When `after` is nil: the objects that may have lost a reference, to collect once the contents
        /// are known (`collect(candidates:at:)`).
        public var candidates: [Int]
    }

    /// Applies `step` to container `tag`, whose elements before the step are the model's current ones.
    /// `created` are the tags of the objects the step made (owned by the harness until stored);
    /// `chosen` is the member the executor picked where Python's order is not the model's to predict
    /// (set.discard of the n-th member, set.pop), and for `next` the item the iterator handed out (nil
    /// when the case made that call answer otherwise). Returns the prediction; the model's state is updated.
    public mutating func apply(_ step: MutationStep, to tag: Int, created: [Int], chosen: Int? = nil,
                               raised: Bool = false, at number: Int) -> StepPrediction {
        // A container the model does not know, values the step did not make, or a dict that is not in
        // pairs: nothing the model can predict.
        guard var container = containers[tag], created.count >= step.values.count,
              !container.kind.holdsPairs || container.elements.count % 2 == 0 else {
            return StepPrediction(after: nil, unordered: false, deaths: [], candidates: [])
        }
        // The step's own references to what it made are gone once it has run.
        for made in created { owned[made, default: 0] -= 1 }
        // An OrderedDict seen as a dict (its list disagrees) runs its own methods, which change the list
        // the model knows only as `held`: only Python knows.
        let effect = raised || !container.held.isEmpty ? nil
            : Self.effect(of: step, on: container, created: created, chosen: chosen, semantics: semantics)
        guard let effect else {
            // Python raised, or only Python knows: the contents are taken from what was observed.
            return StepPrediction(after: nil, unordered: false, deaths: [], candidates: container.holdings + created)
        }
        container.elements = effect.after
        containers[tag] = container
        let died = collect(candidates: effect.removed + created, at: number)
        return StepPrediction(after: effect.after, unordered: effect.unordered, deaths: died, candidates: [])
    }

    /// What a step does to a container's elements: the elements after it and those it let go (each
    /// released once; a value it made and did not store is released by `apply`), or nil when the model
    /// cannot tell.
    static func effect(of step: MutationStep, on container: Container, created: [Int], chosen: Int?,
                       semantics: PythonSemantics) -> (after: [Int], removed: [Int], unordered: Bool)? {
        var e = container.elements
        var removed: [Int] = []
        var unordered = false
        let kind = container.kind
        func position(_ i: Int, count: Int) -> Int? {
            guard count > 0 else { return nil }
            return ((i % count) + count) % count
        }
        /// A bounded deque drops from the other end when full.
        func bound(droppingFromFront: Bool) {
            guard let maxlen = container.maxlen, e.count > maxlen else { return }
            let extra = e.count - maxlen
            if droppingFromFront { removed += e.prefix(extra); e.removeFirst(extra) } else { removed += e.suffix(extra); e.removeLast(extra) }
        }
        // Storage that holds no objects: the values made are stored as numbers (and released).
        if kind == .bytearray || kind == .array { return ([], [], false) }
        if kind == .iterator {
            guard case .next = step else { return nil }
            // The first item is handed to the harness, which lets it go; `chosen` says it was (an
            // iterator that answered with another value, or raised, keeps its items).
            if let first = e.first, chosen == first { removed.append(e.removeFirst()) }
            return (e, removed, false)
        }
        switch step {
        case .append:
            e.append(created[0])
            bound(droppingFromFront: true)
        case .appendLeft:
            e.insert(created[0], at: 0)
            bound(droppingFromFront: false)
        case .insert(_, let at, _):
            if let maxlen = container.maxlen, e.count >= maxlen { return nil } // IndexError
            // insert clamps like slicing: negative counts from the end.
            var i = at < 0 ? at + e.count : at
            i = max(0, min(i, e.count))
            e.insert(created[0], at: i)
        case .setItem(_, let at, _):
            guard let i = position(at, count: e.count) else { break } // nothing to replace: the value is only released
            removed.append(e[i])
            e[i] = created[0]
        case .deleteItem(_, let at):
            if let i = position(at, count: e.count) { removed.append(e.remove(at: i)) }
        case .pop(_, let at):
            if kind == .deque {
                if !e.isEmpty { removed.append(e.removeLast()) } // deque.pop() takes the right end
            } else if let i = position(at, count: e.count) {
                removed.append(e.remove(at: i))
            }
        case .popLeft:
            if !e.isEmpty { removed.append(e.removeFirst()) }
        case .rotate(_, let n):
            if !e.isEmpty {
                let k = ((n % e.count) + e.count) % e.count
                e = Array(e.suffix(k) + e.prefix(e.count - k))
            }
        case .deleteSlice(_, let from, let to):
            let lo = max(0, min(from < 0 ? from + e.count : from, e.count))
            let hi = max(lo, min(to < 0 ? to + e.count : to, e.count))
            removed.append(contentsOf: e[lo..<hi])
            e.removeSubrange(lo..<hi)
        case .sort:
            guard let sorted = semantics.sorted(e) else { return nil }
            e = sorted
        case .reverse:
            e.reverse()
        case .clear:
            removed = e
            e = []
        case .dictSet:
            let key = created[0], value = created[1]
            var replaced = false
            for k in stride(from: 0, to: e.count, by: 2) {
                guard let same = semantics.equal(e[k], key) else { return nil }
                if same {
                    // The dict keeps its old key object and drops the new one; the old value goes.
                    removed.append(e[k + 1])
                    e[k + 1] = value
                    replaced = true
                    break
                }
            }
            if !replaced { e.append(contentsOf: [key, value]) }
        case .dictDelete(_, let entry):
            if let n = position(entry, count: e.count / 2) {
                removed.append(contentsOf: [e[2 * n], e[2 * n + 1]])
                e.removeSubrange(2 * n...2 * n + 1)
            }
        case .dictPopItem:
            if e.count >= 2 {
                removed.append(contentsOf: e.suffix(2))
                e.removeLast(2)
            }
        case .popItemFirst:
            if e.count >= 2 {
                removed.append(contentsOf: e.prefix(2))
                e.removeFirst(2)
            }
        case .moveToEnd(_, let entry, let last):
            if let n = position(entry, count: e.count / 2) {
                let pair = Array(e[2 * n...2 * n + 1])
                e.removeSubrange(2 * n...2 * n + 1)
                if last { e += pair } else { e.insert(contentsOf: pair, at: 0) }
            }
        case .setAdd:
            unordered = true
            guard let present = memberIndex(e, created[0], semantics) else { return nil }
            if present == -1 { e.append(created[0]) }
        case .setDiscard, .setPop:
            unordered = true
            if let chosen, let i = e.firstIndex(of: chosen) { removed.append(e.remove(at: i)) }
        case .setUpdate(_, let op, _):
            unordered = true
            // The values make a temporary set first: equal ones among them collapse to the first.
            var others: [Int] = []
            for value in created {
                guard let present = memberIndex(others, value, semantics) else { return nil }
                if present == -1 { others.append(value) }
            }
            var kept: [Int] = []
            if op == .intersection && others.count <= e.count {
                // `s &= t` builds the intersection by walking the smaller set (t, when not larger) and
                // keeps *its* objects: every member of s is let go, the equal values of t take their place.
                for value in others {
                    guard let inSet = memberIndex(e, value, semantics) else { return nil }
                    if inSet != -1 { kept.append(value) }
                }
                removed.append(contentsOf: e)
                e = kept
                break
            }
            for member in e {
                guard let inOthers = memberIndex(others, member, semantics) else { return nil }
                switch op {
                case .union: kept.append(member)
                case .intersection: if inOthers != -1 { kept.append(member) } else { removed.append(member) }
                case .symmetricDifference, .difference: if inOthers == -1 { kept.append(member) } else { removed.append(member) }
                }
            }
            if op == .union || op == .symmetricDifference {
                for value in others {
                    guard let inSet = memberIndex(e, value, semantics) else { return nil }
                    if inSet == -1 { kept.append(value) }
                }
            }
            e = kept
        case .extendBuffer, .resize, .next, .callMethod:
            return nil
        }
        return (e, removed, unordered)
    }

    /// The index of the member equal to `item` (-1: none), or nil when equality is Python's to decide.
    static func memberIndex(_ members: [Int], _ item: Int, _ semantics: PythonSemantics) -> Int? {
        for (i, m) in members.enumerated() {
            guard let same = semantics.equal(m, item) else { return nil }
            if same { return i }
        }
        return -1
    }

    /// Marks `tag` dead where the model cannot follow (an observed death outside the harness's steps).
    public mutating func observeDeath(_ tag: Int, at step: Int) {
        guard deaths[tag] == nil else { return }
        deaths[tag] = step
    }

    /// Undoes a predicted death that did not happen: the object lost its last *known* reference, but the
    /// target held one of its own (it increfed a borrowed item before the container let it go).
    public mutating func revive(_ tag: Int) { deaths[tag] = nil }

    /// Who holds `tag` now: whether the harness does, and the live containers with a slot for it.
    public func holderTags(of tag: Int) -> (harness: Bool, containers: [Int]) {
        let containers = self.containers.keys.sorted().filter { holder in
            deaths[holder] == nil && self.containers[holder]!.holdings.contains(tag)
        }
        return ((owned[tag] ?? 0) > 0, containers)
    }
}
