/// The result of `reffuzz conformance` (`--report FILE.json`).
public struct ConformanceReport: Hashable, Sendable, Codable {
    public var steps: Int
    public var programs: Int
    public var mismatches: Int
    /// What using a dangling borrowed handle did, per data class, with RefFuzz's detectors on:
    /// `{"canary": {"detected": 100, "crashed": 0, "garbage": 0, "silent": 0}, ...}`.
    public var masking: [String: [String: Int]]
    /// The same programs in a stock interpreter (quarantine and container parking off): what users see.
    public var native: [String: [String: Int]]
    /// The first mismatches, each with its program shrunk.
    public var examples: [Example]
    public var seed: UInt64
    public var seconds: Double
    /// How many steps ran each C-API function or method (`"PyList_Append": 61234, "deque.rotate": ...`).
    public var operations: [String: Int]

    public struct Example: Hashable, Sendable, Codable {
        public var what: String
        public var program: [String]
        public init(what: String, program: [String]) {
            self.what = what
            self.program = program
        }
    }

    public init(steps: Int, programs: Int, mismatches: Int, masking: [String: [String: Int]],
                native: [String: [String: Int]], examples: [Example], seed: UInt64, seconds: Double,
                operations: [String: Int] = [:]) {
        self.operations = operations
        self.steps = steps
        self.programs = programs
        self.mismatches = mismatches
        self.masking = masking
        self.native = native
        self.examples = examples
        self.seed = seed
        self.seconds = seconds
    }

    /// The data classes of the masking table, in the order it is printed.
    public static let dataClasses = ["canary", "small-int", "big-int", "interned-str", "fresh-str", "singleton", "extra-reference"]

    /// The table as text, one row per data class.
    public var table: [String] {
        var lines = ["data class        with RefFuzz's detectors                 stock interpreter (no quarantine)",
                     "                  detected crashed garbage  silent        detected crashed garbage  silent"]
        for name in Self.dataClasses {
            let a = masking[name] ?? [:], b = native[name] ?? [:]
            func row(_ t: [String: Int]) -> String {
                DanglingColumns.all.map { String(t[$0] ?? 0).leftPadded(to: 8) }.joined()
            }
            lines.append(name.padded(to: 16) + row(a) + "     " + row(b))
        }
        return lines
    }
}

enum DanglingColumns {
    static let all = ["detected", "crashed", "garbage", "silent"]
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
