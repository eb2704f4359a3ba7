// What the run sees after the call: deaths, counts, container contents.
import CPython
import RefFuzzCore
import RefFuzzRuntime

extension CaseRun {
    func isAlive(_ tag: Int) -> Bool {
        tag < objects.count && objects[tag] != nil && (observed[tag].shared || rf_death_step(Int64(tag)) < 0)
    }

    func observeAfterCall() {
        for tag in 0..<observed.count {
            let death = rf_death_step(Int64(tag))
            if death >= 0 { observed[tag].deathStep = Int(death) }
            if observed[tag].identity == tag, !observed[tag].shared, isAlive(tag), let object = objects[tag] {
                observed[tag].countAfterCall = rf_refcnt(object)
            }
        }
        observation.afterCall = snapshotContainers()
        observation.objects = observed
    }

    /// The contents of every live object of the case that holds others (or is storage: bytearray,
    /// array): containers, iterators, instances of subclasses of list, tuple and dict.
    func snapshotContainers() -> [ContainerSnapshot] {
        var snapshots: [ContainerSnapshot] = []
        for tag in snapshotTags where observed[tag].identity == tag {
            if let snapshot = snapshot(tag) { snapshots.append(snapshot) }
        }
        return snapshots
    }

    /// The layout's objects that have contents to snapshot.
    static func snapshotTags(_ layout: CaseLayout, _ theCase: Case) -> [Int] {
        layout.nodes.filter { node in
            switch node.value {
            case .iterator: return true
            case .instance(let n): return n < theCase.instances.count && [.list, .tuple, .dict].contains(theCase.instances[n].base)
            case .list, .tuple, .set, .frozenset, .dict, .orderedDict, .deque, .bytearray, .array: return true
            default: return false
            }
        }.map(\.tag)
    }

    func snapshot(_ tag: Int) -> ContainerSnapshot? { contents(tag)?.snapshot }

    /// The snapshot of a live object of the case, with its elements' pointers (borrowed), in its order.
    func contents(_ tag: Int) -> (snapshot: ContainerSnapshot, pointers: [PyPointer?])? {
        guard isAlive(tag), let object = objects[tag], let (kind, pointers) = Python.elements(of: object) else { return nil }
        let tagOf = { (element: PyPointer?) in element.flatMap { self.tagsByAddress[UnsafeMutableRawPointer($0)] } ?? -1 }
        // An OrderedDict seen as a dict (its dict and list disagree): each node of its list holds its key too.
        let held = kind == .dict && StandardTypes.kind(of: object) == .ordereddict ? Python.orderedDictListKeys(object)?.map(tagOf) : nil
        return (ContainerSnapshot(tag: tag, kind: kind, elements: pointers.map(tagOf), held: held), pointers)
    }
}
