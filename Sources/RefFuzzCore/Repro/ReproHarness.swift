// The Python harness of a repro script: RefFuzz's objects (canaries, evil objects, mutators, iterators,
// file-like objects, instances of subclasses of built-in types) as small classes that behave as the
// executor's do (tracked.c: a canary hashes as 1000003 + 1000*kind + 7*number and equals only itself; a
// constant-hash evil object hashes as 7), and the helpers the steps use. Only the parts a case needs are
// written.
enum ReproHarness {
    /// The blocks of Python for `parts`, in the order they must be defined.
    static func blocks(_ parts: Set<ReproPart>, extraReference: Bool) -> [String] {
        var out = parts.contains(where: \.behaves) ? [behave] : []
        if parts.contains(.step) { out.append(step) }
        if parts.contains(.wrap) || parts.contains(.nth) { out.append(builtin) }
        if parts.contains(.wrap) { out.append(wrap) }
        if parts.contains(.nth) { out.append(nth) }
        if parts.contains(.resize) { out.append(resize) }
        if parts.contains(.newString) { out.append(newString) }
        if extraReference { out.append(held) }
        if parts.contains(.canary) || parts.contains(.evil) { out += [tracked, canary] }
        if parts.contains(.evil) { out.append(evil) }
        if parts.contains(.mutator) { out.append(mutator) }
        if parts.contains(.iterator) { out.append(iterator) }
        if parts.contains(.file) { out.append(file) }
        if parts.contains(.instance) { out.append(override) }
        return out
    }

    /// The classes of the harness's objects, for counting how many are alive.
    static func classes(_ parts: Set<ReproPart>) -> [String] {
        var out: [String] = []
        if parts.contains(.canary) || parts.contains(.evil) { out.append("Canary") }
        if parts.contains(.evil) { out.append("Evil") }
        if parts.contains(.mutator) { out.append("Mutator") }
        if parts.contains(.iterator) { out.append("Iterator") }
        if parts.contains(.file) { out.append("File") }
        return out
    }

    static let behave = """
        CALLING = False  # the plans run only while the target runs, as in RefFuzz
        DEPTH = 0


        def behave(obj, method, usual):
            \"\"\"The k-th call of obj's method: while the target runs, runs PLANS[obj.name, method][k - 1]
            (its mutations of the call's arguments, then its answer); otherwise, or past the plan, or
            nested too deep, it answers usual().\"\"\"
            global DEPTH
            calls = obj.__dict__.setdefault('calls', {})
            k = calls[method] = calls.get(method, 0) + 1
            plan = PLANS.get((obj.name, method), ())
            if not CALLING or k > len(plan) or DEPTH > 16:
                return usual()
            DEPTH += 1
            try:
                return plan[k - 1](usual)
            finally:
                DEPTH -= 1
        """

    static let step = """
        def step():
            \"\"\"One mutation step: an error it raises is cleared, as the harness clears it.\"\"\"
            return suppress(Exception)
        """

    static let builtin = """
        def builtin(container):
            \"\"\"The container's built-in type (a subclass's overridden methods are not called).\"\"\"
            return getattr(type(container), 'builtin', type(container))
        """

    static let wrap = """
        def wrap(i, container):
            \"\"\"Position i modulo the container's length (the step is skipped when it is empty).\"\"\"
            return i % builtin(container).__len__(container)
        """

    static let nth = """
        def nth(container, n):
            \"\"\"The n-th key or member in iteration order, n modulo their number.\"\"\"
            kind = builtin(container)
            return next(itertools.islice(kind.__iter__(container), n % kind.__len__(container), None))
        """

    static let resize = """
        def resize(buffer, n):
            \"\"\"Shrinks a bytearray or array to n items, or grows it with zeros.\"\"\"
            if n < len(buffer):
                del buffer[max(n, 0):]
            else:
                buffer.extend(bytes(n - len(buffer)))
        """

    static let newString = """
        def new_str(text):
            \"\"\"A new str object equal to text (a literal would be the code object's constant).\"\"\"
            return text.encode('utf-8', 'surrogatepass').decode('utf-8', 'surrogatepass')
        """

    static let held = """
        EXTRA = []  # the caller's extra reference to every object of the case (RefFuzz's extra-reference class)


        def held(obj):
            \"\"\"obj, with one more reference held by the caller until the call is over.\"\"\"
            EXTRA.append(obj)
            return obj
        """

    static let tracked = """
        class Tracked:
            \"\"\"RefFuzz's tracked objects: equal only to themselves, ordered by kind and number, with a
            fixed hash; a mutator is not comparable.\"\"\"
            kind = 0

            def __init__(self, number):
                self.number = number
                self.name = f'{type(self).__name__.lower().rstrip("0123456789")} #{number}'

            def order(self, other, op):
                if not isinstance(other, Tracked):
                    return NotImplemented
                b = other.kind * 1000000 + other.number
                return op(b if self is other else self.kind * 1000000 + self.number, b)

            def __eq__(self, other): return self is other if isinstance(other, Tracked) else NotImplemented
            def __ne__(self, other): return self is not other if isinstance(other, Tracked) else NotImplemented
            def __lt__(self, other): return self.order(other, operator.lt)
            def __le__(self, other): return self.order(other, operator.le)
            def __gt__(self, other): return self.order(other, operator.gt)
            def __ge__(self, other): return self.order(other, operator.ge)
            def __hash__(self): return 1000003 + 1000 * self.kind + 7 * self.number
            def __repr__(self): return f'<{self.name}>'
        """

    static let canary = """
        class Canary(Tracked):
            \"\"\"A canary: a plain tracked object.\"\"\"
        """

    static let evil = """
        class Evil(Tracked):
            \"\"\"An evil object: each dunder runs its plan first (__eq__ and __ne__ share one count of
            calls, the four orderings another: __lt__'s). A constant-hash one hashes as 7.\"\"\"
            kind = 1

            def __init__(self, number, constant_hash=False):
                super().__init__(number)
                self.constant_hash = constant_hash

            def __eq__(self, other): return behave(self, '__eq__', lambda: Tracked.__eq__(self, other))
            def __ne__(self, other): return behave(self, '__eq__', lambda: Tracked.__ne__(self, other))
            def __lt__(self, other): return behave(self, '__lt__', lambda: Tracked.__lt__(self, other))
            def __le__(self, other): return behave(self, '__lt__', lambda: Tracked.__le__(self, other))
            def __gt__(self, other): return behave(self, '__lt__', lambda: Tracked.__gt__(self, other))
            def __ge__(self, other): return behave(self, '__lt__', lambda: Tracked.__ge__(self, other))
            def __hash__(self): return behave(self, '__hash__', lambda: 7 if self.constant_hash else Tracked.__hash__(self))
            def __index__(self): return behave(self, '__index__', lambda: self.number)
            def __repr__(self): return behave(self, '__repr__', lambda: Tracked.__repr__(self))
        """

    static let mutator = """
        class Mutator:
            \"\"\"A mutator: its k-th call runs plan k, then returns None (or what the plan returns).\"\"\"

            def __init__(self, number):
                self.number = number
                self.name = f'mutator #{number}'

            def __call__(self, *args, **kwargs): return behave(self, '__call__', lambda: None)
            def __hash__(self): return 1000003 + 2000 + 7 * self.number
            def __repr__(self): return f'<{self.name}>'
        """

    static let iterator = """
        class Iterator:
            \"\"\"An iterator over its items, which it holds until it hands them over: each __next__ runs
            its plan, then answers the next item (StopIteration after the last) unless the plan says
            otherwise. __length_hint__ may lie.\"\"\"

            def __init__(self, number, items, length_hint=None):
                self.name = f'iterator #{number}'
                self.items = items
                self.length_hint = length_hint

            def next_item(self):
                if not self.items:
                    raise StopIteration
                return self.items.pop(0)

            def __iter__(self): return self
            def __next__(self): return behave(self, '__next__', self.next_item)
            def __length_hint__(self): return NotImplemented if self.length_hint is None else self.length_hint
            def __repr__(self): return f'<{self.name}>'
        """

    static let file = """
        class File:
            \"\"\"A file-like object: write, read, readline and flush run their plans, then answer as
            planned (usually: the length written, b'' for the end of the file, None).\"\"\"

            def __init__(self, number):
                self.name = f'file #{number}'

            def write(self, data): return behave(self, 'write', lambda: len(data))
            def read(self, size=-1): return behave(self, 'read', lambda: b'')
            def readline(self, size=-1): return behave(self, 'readline', lambda: b'')
            def flush(self): return behave(self, 'flush', lambda: None)
            def __repr__(self): return f'<{self.name}>'
        """

    static let override = """
        def override(cls, *methods):
            \"\"\"Overrides methods of cls's built-in base: each call runs its plan, then answers as the
            base does (or as the plan says).\"\"\"
            for method in methods:
                def overridden(self, *args, method=method, **kwargs):
                    return behave(self, method, lambda: getattr(cls.builtin, method)(self, *args, **kwargs))
                overridden.__name__ = method
                setattr(cls, method, overridden)
        """
}

extension ReproWriter {
    /// The classes of this case's own objects: evil objects with more dunders than the usual ones, and
    /// the subclasses of built-in types of its instances.
    func caseClasses() -> [String] {
        var out: [String] = []
        if !theCase.instances.isEmpty { use(.instance) }
        for (n, spec) in theCase.evils.enumerated() {
            let extra = Self.extraDunders(spec)
            guard !extra.isEmpty else { continue }
            use(.evil)
            var lines = ["class Evil\(n)(Evil):",
                         "    \"\"\"evil #\(n), which also has \(extra.map(\.pythonName).joined(separator: ", ")).\"\"\""]
            for dunder in extra {
                switch dunder {
                case .del: lines.append("    def __del__(self): behave(self, '__del__', lambda: None)")
                case .len: lines.append("    def __len__(self): return behave(self, '__len__', lambda: 0)")
                case .lengthHint: lines.append("    def __length_hint__(self): return behave(self, '__length_hint__', lambda: NotImplemented)")
                case .str: lines.append("    def __str__(self): return behave(self, '__str__', lambda: f'<{self.name}>')")
                case .bool: lines.append("    def __bool__(self): return behave(self, '__bool__', lambda: True)")
                default: break
                }
            }
            out.append(lines.joined(separator: "\n"))
        }
        for (n, spec) in theCase.instances.enumerated() {
            let base = spec.base.rawValue
            out.append("""
                class Instance\(n)(\(base)):
                    \"\"\"instance #\(n): a \(base) whose overridden methods run their plans.\"\"\"
                    name = 'instance #\(n)'
                    builtin = \(base)


                override(Instance\(n), \(spec.base.methods.map { "'\($0)'" }.joined(separator: ", ")))
                """)
        }
        return out
    }

    /// The classes whose objects are alive in the counts of a leak (the harness's and this case's own).
    func harnessClasses() -> [String] {
        ReproHarness.classes(parts)
            + theCase.evils.indices.filter { !Self.extraDunders(theCase.evils[$0]).isEmpty }.map { "Evil\($0)" }
            + theCase.instances.indices.map { "Instance\($0)" }
    }
}
