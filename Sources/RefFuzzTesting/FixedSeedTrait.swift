import Testing

/// The seed `fuzz` uses inside a test or suite marked `.fixedSeed(n)`.
public enum FixedSeed {
    @TaskLocal public static var current: UInt64?
}

/// Pins the seed of every `fuzz` call in a test or suite, so a failure reproduces exactly:
///
///     @Test(.fixedSeed(42)) func wrapIsSafe() async throws { try await fuzz("mymod:wrap(any)") }
public struct FixedSeedTrait: TestTrait, SuiteTrait, TestScoping {
    public let seed: UInt64
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await FixedSeed.$current.withValue(seed) { try await function() }
    }
}

extension Trait where Self == FixedSeedTrait {
    /// Runs `fuzz` with this seed in the test (or in every test of the suite).
    public static func fixedSeed(_ seed: UInt64) -> Self { FixedSeedTrait(seed: seed) }
}
