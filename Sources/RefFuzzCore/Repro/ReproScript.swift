/// A standalone Python script (standard library only) that reproduces a case's finding without RefFuzz,
/// in the CPython it was found on: what a user pastes into an upstream bug report.
///
///     let script = ReproScript(case: file.theCase, finding: file.finding, python: "3.11.2",
///                              modulePaths: ["/home/me/build"])
///     print(script.text)   // PYTHONMALLOC=debug python3.11 repro.py
///
/// The script builds the case's objects exactly (the same values, nesting and aliasing; containers
/// holding the only references to their elements), defines the harness's objects as small classes
/// whose methods run the case's mutation steps on their k-th call while the target runs, makes the
/// call, and shows the bug as the finding's kind does in plain Python (see `ReproSymptom`). It exits
/// with status 1 (or dies by a signal) when the bug shows, 0 with "not reproduced" when it does not, and
/// 2 when the module or the function cannot be found.
public struct ReproScript: Sendable {
    public var theCase: Case
    /// The finding stored with the case (its kind chooses the symptom; without one, every check runs).
    public var finding: Finding?
    /// The version of the CPython the finding was seen on: "3.11.2".
    public var python: String
    /// Folders put first on `sys.path`, in order (`--module-path`).
    public var modulePaths: [String]
    /// The file name the header's command line runs.
    public var fileName = "repro.py"
    /// How long the script lets the call run before it calls it a hang (for a `hang` finding).
    public var hangSeconds = 5

    public init(case theCase: Case, finding: Finding?, python: String, modulePaths: [String] = []) {
        self.theCase = theCase
        self.finding = finding
        self.python = python
        self.modulePaths = modulePaths
    }

    /// The script.
    public var text: String {
        let writer = ReproWriter(case: theCase)
        let kind = finding?.kind
        let walks = ReproSymptom.walks(kind) || theCase.extraReference
        if walks { writer.use(.deque) } // members() names deque
        let caseCode = caseSection(writer, kind: kind, walks: walks)
        let harness = ReproHarness.blocks(writer.parts, extraReference: theCase.extraReference)
            + (walks ? [ReproSymptom.walk(iterators: writer.parts.contains(.iterator))] : [])
        var sections = [header() + "\n\n" + imports(writer.parts, kind: kind), targetImport()]
        if !harness.isEmpty {
            sections.append(banner("The harness: RefFuzz's objects, whose methods run the case's plans") + "\n\n" + harness.joined(separator: "\n\n\n"))
        }
        sections.append(banner("The case") + "\n\n" + caseCode.joined(separator: "\n\n\n"))
        let checks = ReproSymptom.checks(kind)
        let main = "def main():\n    return " + checks.joined(separator: " or ")
        sections.append(banner("The symptom") + "\n\n" + ([ReproSymptom.outcome] + ReproSymptom.functions(kind, hangSeconds: hangSeconds) + [main]).joined(separator: "\n\n\n"))
        sections.append(runner(kind: kind))
        return sections.joined(separator: "\n\n\n") + "\n"
    }

    // MARK: - Sections

    /// The minor version's interpreter: `python3.11`.
    var interpreter: String {
        let parts = python.split(separator: ".")
        return parts.count >= 2 ? "python\(parts[0]).\(parts[1])" : "python3"
    }

    func header() -> String {
        var lines: [String] = []
        if let finding {
            lines.append("RefFuzz finding: \(finding.kind.rawValue) in \(theCase.target)")
            lines.append("")
            lines += Self.wrapped(finding.message, width: 96).map { "  " + $0 }
        } else {
            lines.append("RefFuzz case of \(theCase.target) (stored without a finding: every check runs)")
        }
        lines.append("")
        lines += Self.wrapped("The shrunk call: \(theCase.callText)", width: 98)
        if let masked = finding?.maskedBy, !masked.isEmpty {
            lines += Self.wrapped("The same program passes with these data classes: \(masked.map(\.rawValue).joined(separator: ", ")).", width: 98)
        }
        lines.append("")
        lines += Self.wrapped("Found on CPython \(python). Run it with that version, under the debug allocator (it overwrites freed memory, so that a use of it crashes):", width: 98)
        lines.append("")
        lines.append("    PYTHONMALLOC=debug \(interpreter) \(fileName)")
        lines.append("")
        lines += Self.wrapped("It runs itself again under PYTHONMALLOC=debug when that is not set, and needs only the standard library and the module. Exit status: 1, or a death by a signal, when the bug shows; 0 when it does not (\"not reproduced\"); 2 when the module or the function cannot be found.", width: 98)
        if Self.runsAgainUnderTheDefaultAllocator(finding?.kind) {
            lines.append("")
            lines += Self.wrapped("When the call does not crash under the debug allocator, the script runs once more under the default one: the debug allocator's fill of freed memory can make a stale read harmless (0xDD bytes read as a negative count or index) where the memory's old contents crash, as RefFuzz's fill (a pointer, a large positive number) did.", width: 98)
        }
        if ["refexamples", "refhazards"].contains(theCase.target.module) {
            lines.append("")
            lines += Self.wrapped("\(theCase.target.module) is compiled into reffuzz: build it as an extension module with RefFuzz's `Scripts/build-examples DIR`, and give `reffuzz repro` `--module-path DIR` (or put DIR on PYTHONPATH).", width: 98)
        }
        lines.append("")
        lines += Self.wrapped("make_arguments() builds the case's objects as RefFuzz did: values made at run time (int('1000000'), not the literal 1000000, which the code object would keep alive), so that each container holds the only reference to its elements; the harness's objects are small classes whose methods run the case's mutation steps on their k-th call, while the target runs.", width: 98)
        return "#!/usr/bin/env python3\n" + lines.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
    }

    func imports(_ parts: Set<ReproPart>, kind: FindingKind?) -> String {
        var modules = ["faulthandler", "gc", "os", "sys", "traceback"]
        if parts.contains(.array) || ReproSymptom.counts(kind) { modules.append("array") }
        if parts.contains(.nth) { modules.append("itertools") }
        if parts.contains(.canary) || parts.contains(.evil) { modules.append("operator") }
        if kind == .hang { modules.append("time") }
        var lines = modules.sorted().map { "import \($0)" }
        var collections: [String] = []
        if parts.contains(.orderedDict) { collections.append("OrderedDict") }
        if parts.contains(.deque) { collections.append("deque") }
        if !collections.isEmpty { lines.append("from collections import \(collections.joined(separator: ", "))") }
        if parts.contains(.step) { lines.append("from contextlib import suppress") }
        return lines.joined(separator: "\n")
    }

    func targetImport() -> String {
        let module = theCase.target.module
        var lines = modulePaths.reversed().map { "sys.path.insert(0, \(Self.literal($0)))" }
        let version = python.split(separator: ".").prefix(2).compactMap { Int($0) }
        if version.count == 2 {
            lines.append("if sys.version_info[:2] != (\(version[0]), \(version[1])):")
            lines.append("    print(f'note: RefFuzz found this on CPython \(python); this is {sys.version.split()[0]}', file=sys.stderr)")
        }
        lines += [
            "try:",
            "    import \(module)",
            "    \(module).\(theCase.target.function)  # the target",
            "except (ImportError, AttributeError) as error:",
            "    print(f'cannot use \(module).\(theCase.target.function): {error}', file=sys.stderr)",
            "    sys.exit(2)",
        ]
        return lines.joined(separator: "\n")
    }

    /// The case: its own classes, the plans, making and dropping the arguments, and the call.
    func caseSection(_ writer: ReproWriter, kind: FindingKind?, walks: Bool) -> [String] {
        let names = writer.argumentNames
        let build = writer.argumentStatements()
        let plans = writer.plans()
        let classes = writer.caseClasses()
        let global = names.isEmpty ? [] : ["global \(names.joined(separator: ", "))"]
        var make = global + build
        if theCase.extraReference { make.append("EXTRA[:] = [obj for _, obj in case_objects()]") }
        var drop = global + (names.isEmpty ? [] : ["del \(names.joined(separator: ", "))"])
        if theCase.extraReference { drop.append("EXTRA.clear()") }
        if drop.isEmpty { drop = ["pass"] }
        if make.isEmpty { make = ["pass"] }
        func function(_ name: String, _ doc: String, _ body: [String]) -> String {
            var doc = Self.wrapped(doc, width: 92)
            doc[0] = "\"\"\"" + doc[0]
            doc[doc.count - 1] += "\"\"\""
            return "def \(name)():\n" + (doc + body).map { "    " + $0 }.joined(separator: "\n")
        }
        let interned = Set(theCase.allValues.compactMap { v -> String? in
            if case .internedString = v { return writer.expression(v) }
            return nil
        }).sorted()
        var out = classes + (writer.behaves ? plans : [])
        var constants = ["CALL = \(Self.literal(theCase.callText))"]
        if ReproSymptom.counts(kind) {
            constants.append("INTERNED = [\(interned.joined(separator: ", "))]  # the case's interned strings")
            constants.append("HARNESS = (\(writer.harnessClasses().map { $0 + "," }.joined(separator: " ")))  # the classes of the harness's objects")
        }
        out.append(constants.joined(separator: "\n"))
        out.append(function("make_arguments", "Makes the call's arguments afresh, as the case does: the caller holds one reference to each argument, and each container the only reference to each element.", make))
        out.append(function("drop_arguments", "Drops the caller's references to the arguments.", drop))
        if walks {
            out.append(function("case_objects", "Every object of the case, with where it sits.",
                                ["return walk(\(names.map { "\($0)=\($0)" }.joined(separator: ", ")))"]))
        }
        let positional = theCase.arguments.indices.filter { theCase.arguments[$0].name == nil }.map { "arg\($0)" }
        let keywords = theCase.arguments.indices.compactMap { i in theCase.arguments[i].name.map { "\($0)=arg\(i)" } }
        let call = "\(theCase.target.module).\(theCase.target.function)(\((positional + keywords).joined(separator: ", ")))"
        if writer.behaves {
            out.append(function("call", "The call RefFuzz made (the plans run only while it runs).", [
                "global CALLING", "CALLING = True", "try:", "    return \(call)", "finally:", "    CALLING = False",
            ]))
        } else {
            out.append(function("call", "The call RefFuzz made.", ["return \(call)"]))
        }
        return out
    }

    /// True when the script, its call not crashing under the debug allocator, runs again under the
    /// default one: the debug allocator's fill of freed memory (0xDD bytes) reads as a negative count or
    /// index, which can make a stale read harmless where the memory's old contents crash (an
    /// OrderedDict's `_odict_get_index_raw` reads the entry count of the keys table that an `__eq__`'s
    /// `clear()` freed: 0xDDDD... is a KeyError, the old count indexes the cleared, NULL, node table).
    static func runsAgainUnderTheDefaultAllocator(_ kind: FindingKind?) -> Bool { kind == .crash || kind == .useAfterFree }

    /// The `if __name__ == '__main__':` block: under PYTHONMALLOC=debug first, then (for a crash or a
    /// use of freed memory not reproduced) under the default allocator.
    func runner(kind: FindingKind?) -> String {
        let again = Self.runsAgainUnderTheDefaultAllocator(kind)
        var lines = [
            "if __name__ == '__main__':",
            "    RERUN = sys.executable and os.path.isfile(sys.argv[0])",
        ]
        if again {
            lines += [
                "    AGAIN = os.environ.get('REFFUZZ_REPRO_AGAIN') == '1'  # the run under the default allocator",
                "    if not AGAIN and os.environ.get('PYTHONMALLOC') != 'debug' and RERUN:",
            ]
        } else {
            lines.append("    if os.environ.get('PYTHONMALLOC') != 'debug' and RERUN:")
        }
        lines += [
            "        print('(running again under PYTHONMALLOC=debug, which overwrites freed memory)', flush=True)",
            "        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, 'PYTHONMALLOC': 'debug'})",
            "    try:",
            "        status = main()",
            "    except Exception:",
            "        traceback.print_exc()",
            "        print('the script itself failed: that tells nothing about the bug', file=sys.stderr)",
            "        status = 2",
            "    sys.stdout.flush()",
            "    sys.stderr.flush()",
        ]
        if again {
            lines += [
                "    if status == 0 and not AGAIN and RERUN:",
                "        print('(running again under the default allocator: the debug one fills freed memory with 0xDD bytes, '",
                "              'which read as a negative count or index can make a stale read harmless where the old '",
                "              'contents crash)', flush=True)",
                "        env = {name: value for name, value in os.environ.items() if name != 'PYTHONMALLOC'}",
                "        os.execve(sys.executable, [sys.executable, *sys.argv], {**env, 'REFFUZZ_REPRO_AGAIN': '1'})",
            ]
        }
        lines.append("    os._exit(status)  # no interpreter shutdown: it could free objects the bug left broken")
        return lines.joined(separator: "\n")
    }

    func banner(_ title: String) -> String {
        let text = "# -- \(title) "
        return text + String(repeating: "-", count: max(3, 100 - text.count))
    }

    /// A Python str literal of `text`, quoted as repr() quotes it.
    static func literal(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where Character(c) == quote: out += "\\" + String(quote)
            case _ where c.value < 0x20 || c.value == 0x7F: out += "\\x" + (c.value < 16 ? "0" : "") + String(c.value, radix: 16)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + String(quote)
    }

    /// Words of `text` in lines of at most `width` characters.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = String(word)
            } else {
                line = line.isEmpty ? String(word) : line + " " + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension Case {
    /// Every value of the case: the arguments', the steps' and the calls' results, nested ones too.
    var allValues: [Value] {
        func all(_ v: Value) -> [Value] { [v] + v.children.flatMap(all) }
        let roots = arguments.map(\.value) + programs.flatMap(\.steps).flatMap(\.values) + behaviourValues
            + iterators.flatMap(\.items) + instances.map(\.value)
        return roots.flatMap(all)
    }
}
