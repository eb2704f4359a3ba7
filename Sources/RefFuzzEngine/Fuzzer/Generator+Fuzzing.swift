import RefFuzzCore

extension Generator {
    /// What the executor builds: everything of Reach I (floats, bytes and huge ints in containers and
    /// `any`, the new containers there, instances of built-in subclasses, aliases, raising and lying
    /// dunders, set operators, `next` steps), now that its executor has landed.
    static let executorReach: Reach = .reachI

    /// The generator of a fuzz run for one target: the run's `--values` and the string constants of the
    /// target's module file as its dictionary (the same dictionaries, seed and index give the same case).
    init(fuzzing target: ResolvedTarget, values: [PythonLiteral]) {
        let dictionary = ValueDictionary(values + target.constants)
        self.init(spec: target.spec, configuration: Configuration(dictionary: dictionary, reach: Self.executorReach))
    }
}
