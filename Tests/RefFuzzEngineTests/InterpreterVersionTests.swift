import RefFuzzEngine
import Testing

@Suite("Header and runtime versions") struct InterpreterVersionTests {
    @Test func sameMinorVersionIsFine() {
        #expect(Interpreter.versionProblem(compiled: 0x030B02F0, running: 0x030B07F0) == nil)
    }

    @Test func anotherMinorVersionIsOneClearLine() throws {
        let problem = try #require(Interpreter.versionProblem(compiled: 0x030B02F0, running: 0x030C01F0))
        #expect(problem.contains("3.11.2") && problem.contains("3.12.1"))
        #expect(!problem.contains("\n"))
    }
}
