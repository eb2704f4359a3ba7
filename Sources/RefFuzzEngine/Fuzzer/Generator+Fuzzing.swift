import RefFuzzCore

extension Generator {
    /// What the executor builds. The objects of Reach I inside the kinds the executor knew before
    /// (floats, bytes and huge ints in containers and `any`, the new containers there, instances of
    /// built-in subclasses, aliases, raising and lying dunders, set operators, `next` steps) wait for the
    /// executor of Reach I: until it builds them, a run's cases hold only what it built before.
    static let executorReach: Reach = .classic

    /// The generator of a fuzz run for one target: the run's `--values` and the string constants of the
    /// target's module file as its dictionary (the same dictionaries, seed and index give the same case).
    init(fuzzing target: ResolvedTarget, values: [PythonLiteral]) {
        let dictionary = ValueDictionary(values + target.constants)
        self.init(spec: target.spec, configuration: Configuration(dictionary: dictionary, reach: Self.executorReach))
    }
}
