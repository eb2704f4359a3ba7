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

    /// The contents of every live container of the case.
    func snapshotContainers() -> [ContainerSnapshot] {
        var snapshots: [ContainerSnapshot] = []
        for node in layout.nodes where node.value.isContainer && observed[node.tag].identity == node.tag {
            if let snapshot = snapshot(node.tag) { snapshots.append(snapshot) }
        }
        return snapshots
    }

    func snapshot(_ tag: Int) -> ContainerSnapshot? {
        guard isAlive(tag), let object = objects[tag] else { return nil }
        func tagOf(_ element: PyPointer?) -> Int {
            guard let element else { return -1 }
            return tagsByAddress[UnsafeMutableRawPointer(element)] ?? -1
        }
        guard let (kind, pointers) = Python.elements(of: object) else { return nil }
        let elements = pointers.map(tagOf)
        return ContainerSnapshot(tag: tag, kind: kind, elements: elements)
    }
}
