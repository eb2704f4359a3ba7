/// What a user asks `reffuzz fuzz` to fuzz: one target spec, or a whole module (`MODULE`, no colon),
/// whose specs spec inference chooses (a module's declared `__reffuzz_targets__` table beats inference).
///
///     try TargetRequest(parsing: "cPyRefs")            // .module("cPyRefs")
///     try TargetRequest(parsing: "mymod:f(list)")      // .spec(mymod:f(list))
public enum TargetRequest: Hashable, Sendable, CustomStringConvertible {
    case spec(TargetSpec)
    case module(String)

    /// A dotted name without a colon is a module; anything else must be a target spec.
    public init(parsing text: String) throws(TargetSpecError) {
        let trimmed = text.trimmingSpaces
        if !trimmed.contains(":"), !trimmed.contains("("), TargetSpec.isDottedName(trimmed) {
            self = .module(trimmed)
        } else if !trimmed.contains(":") {
            throw TargetSpecError(spec: text, problem: "expected MODULE or MODULE:FUNCTION(ARGS), e.g. mymod or mymod:pop_and_print(list,mutator)")
        } else {
            self = .spec(try TargetSpec(parsing: trimmed))
        }
    }

    public var description: String {
        switch self {
        case .spec(let spec): spec.description
        case .module(let name): name
        }
    }
}

/// Stored as its text: a module name, or a spec's canonical spelling.
extension TargetRequest: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try TargetRequest(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
