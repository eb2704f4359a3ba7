/// What an executor needs from the process it runs in, handed to it by whoever started the work (the
/// fork server's child, a test): the interpreter's measured facts, the child's shared counters, and how
/// to refill CPython's free lists after a full collection. Nothing of it is a global.
struct ExecutionContext {
    let facts: RuntimeFacts
    /// The child's heartbeat and counters; nil when nobody watches (in-process use).
    let progress: ChildProgress?
    /// Refills the free lists that a full collection empties (see `FreeLists.prime`).
    let primeFreeLists: () -> Void

    init(facts: RuntimeFacts, progress: ChildProgress?, primeFreeLists: @escaping () -> Void = { FreeLists.prime(collect: false) }) {
        self.facts = facts
        self.progress = progress
        self.primeFreeLists = primeFreeLists
    }
}
