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
        public var elements: [Int]
    }

    /// References held by the harness (or by a program's handles), per tag.
    public internal(set) var owned: [Int: Int] = [:]
    public internal(set) var containers: [Int: Container] = [:]
    /// Tags the model says are dead, with the step at which they lost their last reference.
    public internal(set) var deaths: [Int: Int] = [:]
    /// Objects that are never freed whatever their count (cached ints, interned strings, singletons).
    public private(set) var immortal: Set<Int> = []
    public var semantics: PythonSemantics

    public init(semantics: PythonSemantics) {
        self.semantics = semantics
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
        containers[snapshot.tag] = Container(kind: snapshot.kind, elements: snapshot.elements)
    }

    // MARK: Queries

    /// Known references to `tag`: the harness's plus one per slot of a live container.
    public func references(to tag: Int) -> Int {
        var n = owned[tag] ?? 0
        for (holder, container) in containers where deaths[holder] == nil {
            for element in container.elements where element == tag { n += 1 }
        }
        return n
    }

    public func isAlive(_ tag: Int) -> Bool { deaths[tag] == nil }

    /// Who holds `tag` (for stories): "the caller", "arg0", ...
    public func holders(of tag: Int, naming: (Int) -> String) -> [String] {
        var names: [String] = []
        if let n = owned[tag], n > 0 { names.append("the caller") }
        for (holder, container) in containers.sorted(by: { $0.key < $1.key })
        where deaths[holder] == nil && container.elements.contains(tag) {
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
            if let container = containers[tag] { work.append(contentsOf: container.elements) }
        }
        return died
    }

    // MARK: Mutation steps

    /// The model's prediction for one step.
    public struct StepPrediction: Hashable, Sendable {
        /// The container's elements after the step, or nil when the model cannot say (a failed sort,
        /// a step that other steps ran inside of).
        public var after: [Int]?
        /// True when only the multiset of elements is predicted (set iteration order, set.pop).
        public var unordered: Bool
        /// The tags that lose their last reference at this step.
        public var deaths: [Int]
    }

    /// Applies `step` to container `tag`, whose elements before the step are the model's current ones.
    /// `created` are the tags of the objects the step made (owned by the harness until stored);
    /// `chosen` is the member the executor picked where Python's order is not the model's to predict
    /// (set.discard of the n-th member, set.pop). Returns the prediction; the model's state is updated.
    public mutating func apply(_ step: MutationStep, to tag: Int, created: [Int], chosen: Int? = nil,
                               raised: Bool = false, at number: Int) -> StepPrediction {
        // A container the model does not know, values the step did not make, or a dict that is not in
        // pairs: nothing the model can predict.
        guard var container = containers[tag], created.count >= step.values.count,
              container.kind != .dict || container.elements.count % 2 == 0 else {
            return StepPrediction(after: nil, unordered: false, deaths: [])
        }
        var e = container.elements
        var removed: [Int] = []
        var unordered = false
        var known = true
        func position(_ i: Int, count: Int) -> Int? {
            guard count > 0 else { return nil }
            return ((i % count) + count) % count
        }
        switch step {
        case .append:
            e.append(created[0])
        case .insert(_, let at, _):
            // list.insert clamps like slicing: negative counts from the end.
            var i = at < 0 ? at + e.count : at
            i = max(0, min(i, e.count))
            e.insert(created[0], at: i)
        case .setItem(_, let at, _):
            if let i = position(at, count: e.count) {
                removed.append(e[i])
                e[i] = created[0]
            } else {
                removed.append(contentsOf: created) // skipped: the value is only released
            }
        case .deleteItem(_, let at), .pop(_, let at):
            if let i = position(at, count: e.count) { removed.append(e.remove(at: i)) }
        case .deleteSlice(_, let from, let to):
            let lo = max(0, min(from < 0 ? from + e.count : from, e.count))
            let hi = max(lo, min(to < 0 ? to + e.count : to, e.count))
            removed.append(contentsOf: e[lo..<hi])
            e.removeSubrange(lo..<hi)
        case .sort:
            if raised {
                known = false
            } else if let sorted = semantics.sorted(e) {
                e = sorted
            } else {
                known = false
            }
        case .reverse:
            e.reverse()
        case .clear:
            removed = e
            e = []
        case .dictSet:
            let key = created[0], value = created[1]
            var replaced = false
            for k in stride(from: 0, to: e.count, by: 2) {
                guard let same = semantics.equal(e[k], key) else { known = false; break }
                if same {
                    // The dict keeps its old key object and drops the new one; the old value goes.
                    removed.append(contentsOf: [key, e[k + 1]])
                    e[k + 1] = value
                    replaced = true
                    break
                }
            }
            if !replaced && known { e.append(contentsOf: [key, value]) }
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
        case .setAdd:
            unordered = true
            let value = created[0]
            var present = false
            for m in e {
                guard let same = semantics.equal(m, value) else { known = false; break }
                if same { present = true; break }
            }
            if present { removed.append(value) } else { e.append(value) }
        case .setDiscard, .setPop:
            unordered = true
            if let chosen, let i = e.firstIndex(of: chosen) { removed.append(e.remove(at: i)) }
        }
        container.elements = e
        containers[tag] = container
        // The step's own references to what it made are gone once it has stored them.
        for made in created { owned[made, default: 0] -= 1 }
        let died = collect(candidates: removed + created, at: number)
        return StepPrediction(after: known ? e : nil, unordered: unordered, deaths: died)
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
            deaths[holder] == nil && self.containers[holder]!.elements.contains(tag)
        }
        return ((owned[tag] ?? 0) > 0, containers)
    }
}
