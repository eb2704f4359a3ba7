import Foundation

/// A stored case: one JSON file, human-readable, with a format version, everything needed to replay
/// it, and the finding it showed when it was saved.
///
///     {"reffuzz_case": 1, "case": {"target": "...", "arguments": [...], ...},
///      "finding": {"kind": "use-after-free", "message": "...", "masked_by": ["small-int-cache"]}}
public struct CaseFile: Hashable, Sendable, Codable {
    /// The format version this build writes; files of a newer version are refused with a clear error.
    public static let formatVersion = 2

    public var version: Int
    public var theCase: Case
    /// The finding it showed when it was saved (kind, message, `masked_by`).
    public var finding: Finding?

    public init(case theCase: Case, finding: Finding?) {
        version = Self.formatVersion
        self.theCase = theCase
        self.finding = finding?.stored
    }

    enum CodingKeys: String, CodingKey {
        case version = "reffuzz_case", theCase = "case", finding
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        guard version <= Self.formatVersion else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: c,
                debugDescription: "case format \(version) is newer than this reffuzz (\(Self.formatVersion))")
        }
        theCase = try c.decode(Case.self, forKey: .theCase)
        finding = try c.decodeIfPresent(Finding.self, forKey: .finding)?.stored
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(theCase, forKey: .theCase)
        try c.encodeIfPresent(finding?.stored, forKey: .finding)
    }

    /// The canonical JSON text (`CanonicalJSON`).
    public func encoded() throws -> Data { try CanonicalJSON.encode(self) }

    /// Reads and validates a case file; the error names the file and what is wrong in one line.
    public static func load(_ path: String) throws(CaseFileError) -> CaseFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CaseFileError(path: path, problem: "cannot read the file")
        }
        let file: CaseFile
        do {
            file = try JSONDecoder().decode(CaseFile.self, from: data)
        } catch let error as DecodingError {
            throw CaseFileError(path: path, problem: error.oneLine)
        } catch {
            throw CaseFileError(path: path, problem: "not a case file (\(error))")
        }
        if let problem = file.theCase.validationProblem {
            throw CaseFileError(path: path, problem: problem)
        }
        return file
    }
}

/// A case file that cannot be used: the CLI prints `description` and exits with status 2.
public struct CaseFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public var description: String { "bad case file \(path): \(problem)" }
}

extension DecodingError {
    /// One line: where in the JSON and what is wrong.
    var oneLine: String {
        func at(_ path: [any CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "" : " at \(text)"
        }
        switch self {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            if context.codingPath.isEmpty, underlying != nil || context.debugDescription.contains("JSON") {
                return "not valid JSON"
            }
            return "\(context.debugDescription)\(at(context.codingPath))"
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(at(context.codingPath))"
        case .typeMismatch(let type, let context): return "expected \(type)\(at(context.codingPath))"
        case .valueNotFound(let type, let context): return "missing \(type)\(at(context.codingPath))"
        @unknown default: return "\(self)"
        }
    }
}
