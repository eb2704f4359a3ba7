/// What spec inference made of one public function or type of a module: the spec it chose and how,
/// or why it chose none. `reffuzz targets MODULE` prints `line`; a bare-module run fuzzes the specs.
///
///     InferredTarget(name: "mod:first", spec: try TargetSpec(parsing: "mod:first(list)"),
///                    note: "probed: takes exactly one argument; list only").line
///     // "mod:first(list)  probed: takes exactly one argument; list only"
///     InferredTarget(name: "mod:crashy", spec: nil, note: "every probe call crashed (SIGSEGV)").line
///     // "# mod:crashy skipped: every probe call crashed (SIGSEGV)"
public struct InferredTarget: Hashable, Sendable, Codable {
    /// `MODULE:NAME`, the function or type it is about.
    public var name: String
    /// The spec chosen, or nil when the target is skipped.
    public var spec: TargetSpec?
    /// The evidence the spec came from, or why the target is skipped.
    public var note: String

    public init(name: String, spec: TargetSpec?, note: String) {
        self.name = name
        self.spec = spec
        self.note = note
    }

    public static func skipped(_ name: String, _ why: String) -> InferredTarget {
        InferredTarget(name: name, spec: nil, note: why)
    }

    public var isSkipped: Bool { spec == nil }

    /// The spec and its note after two spaces, or a comment line saying why the target is skipped:
    /// what `reffuzz targets` prints, ready to paste (`grep -v '^#'` leaves the specs).
    public var line: String {
        guard let spec else { return "# \(name) skipped: \(note)" }
        return "\(spec)  \(note)"
    }
}
