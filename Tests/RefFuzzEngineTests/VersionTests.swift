import Testing

@Suite("reffuzz --version") struct VersionTests {
    /// One line naming RefFuzz's version and the CPython the binary really loads, exit status 0.
    @Test func namesTheEmbeddedPython() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("reffuzz "), "\(result.stdout)")
        #expect(result.stdout.contains("(\(EmbeddedPython.versionPrefix)"), "\(result.stdout)")
        if let libDir = EmbeddedPython.chosen?["LIB_DIR"] {
            #expect(result.stdout.contains(", \(libDir)/libpython"), "\(result.stdout)")
        }
    }
}
