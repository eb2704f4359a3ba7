extension Case {
    /// A stateful case with fewer calls: the later half gone, then each call alone (its arguments and
    /// the steps on them with it, `removingCall`). A `CALLABLE(...).CALL` case keeps its one call.
    func withoutCalls() -> [Case] {
        guard case .calls = target.object, calls.count > 1 else { return [] }
        var out: [Case] = []
        if calls.count > 3 {
            var halved: Case? = self
            for k in (calls.count / 2..<calls.count).reversed() { halved = halved?.removingCall(k) }
            if let halved { out.append(halved) }
        }
        for k in calls.indices.reversed() {
            if let c = removingCall(k) { out.append(c) }
        }
        return out
    }
}
