// The checks of a repro script: how each kind of finding shows in plain Python, and how the script
// tells that it did (exit status 1, or a death by a signal) or did not ("not reproduced", status 0).
//
// - use-after-free, crash: the call, a few times, under the debug allocator (freed memory overwritten):
//   the use crashes, and faulthandler prints where; what the call returned is printed, garbage and all.
//   Not reproduced, the script runs again under the default allocator (see `ReproScript.runner`).
// - leak: the call, many times with fresh arguments, garbage collected between them: the counts of the
//   shared objects (cached small ints, singletons, ...), the harness's objects alive and the allocator's
//   blocks; one that grows on every call after the first ones is the leak.
// - over-decref: the same counts, one that drops on every call; and, for the case's own objects, the
//   script holds extra references so that one released too often stays alive, and counts each one's
//   references against those it knows of.
// - bad-exception: the call, and the SystemError the interpreter raises for it.
// - hang: the call, with faulthandler's watchdog to stop it and print where it is.
enum ReproSymptom {
    /// The checks for a finding of `kind` (all but the hang when the case file stores no finding).
    static func checks(_ kind: FindingKind?) -> [String] {
        switch kind {
        case .useAfterFree: ["check_crash('a use of freed memory crashes, or shows as garbage in what the call returns')"]
        case .crash: ["check_crash('RefFuzz saw the process die by a signal')"]
        case .leak: ["check_leak()"]
        case .overDecref: ["check_over_decref()"]
        case .badException: ["check_exception()"]
        case .hang: ["check_hang()"]
        case nil: ["check_exception()", "check_crash('a use of freed memory crashes')", "check_over_decref()", "check_leak()"]
        }
    }

    /// The Python functions those checks need; a call that runs longer than `hangSeconds` hangs.
    static func functions(_ kind: FindingKind?, hangSeconds: Int) -> [String] {
        switch kind {
        case .useAfterFree, .crash: [crash]
        case .leak: [counts, leak]
        case .overDecref: [counts, shadows, overDecref]
        case .badException: [exception]
        case .hang: ["TIMEOUT = \(hangSeconds)  # seconds (RefFuzz's own limit is its --timeout, 1 s by default)", hang]
        case nil: [exception, crash, counts, shadows, overDecref, leak]
        }
    }

    /// True when the checks count references (`WATCHED`, `INTERNED`, `HARNESS`).
    static func counts(_ kind: FindingKind?) -> Bool { kind == .leak || kind == .overDecref || kind == nil }

    /// True when the checks look into the case's objects (`case_objects()`).
    static func walks(_ kind: FindingKind?) -> Bool { kind == .overDecref || kind == nil }

    static let outcome = """
        def outcome():
            \"\"\"Makes the call: what it returned (its repr: garbage shows there) or raised, as text.\"\"\"
            try:
                result = call()
            except Exception as error:
                return f'raised {type(error).__name__}: {error}'
            try:
                return f'returned {result!r}'
            except Exception as error:
                return f'returned an object whose repr raised {type(error).__name__}: {error}'
        """

    static let crash = """
        ATTEMPTS = 3


        def check_crash(what):
            \"\"\"The call, a few times with fresh arguments: under PYTHONMALLOC=debug a use of freed memory
            crashes, and faulthandler prints where.\"\"\"
            faulthandler.enable()
            allocator = f"PYTHONMALLOC={os.environ.get('PYTHONMALLOC') or 'default'}"
            print(f'calling {CALL} up to {ATTEMPTS} times under {allocator}: {what}', flush=True)
            for attempt in range(1, ATTEMPTS + 1):
                make_arguments()
                print(f'call {attempt} {outcome()}', flush=True)
                drop_arguments()
                gc.collect()
            print(f'not reproduced under {allocator}: no crash (a freed list, tuple, dict or float may sit on a '
                  'free list, whose memory the debug allocator does not overwrite)')
            return 0
        """

    static let exception = """
        def check_exception():
            \"\"\"The call: a C function must return a result or raise; the interpreter raises SystemError
            for NULL without an exception set, and for a result with one set.\"\"\"
            print(f'calling {CALL}: a NULL without an exception, or a result with an exception set, is a SystemError')
            make_arguments()
            try:
                result = call()
            except SystemError as error:
                print(f'raised SystemError: {error}')
                if 'without setting an exception' in str(error) or 'with an exception set' in str(error):
                    print('bad-exception: the target broke the exception contract')
                    return 1
            except Exception as error:
                print(f'raised {type(error).__name__}: {error}')
            else:
                print(f'returned {result!r}')
                del result
            drop_arguments()
            print('not reproduced: the exception contract held')
            return 0
        """

    static let hang = """
        def check_hang():
            \"\"\"The call, stopped by faulthandler's watchdog (it works while C code holds the GIL).\"\"\"
            faulthandler.enable()
            print(f'calling {CALL}: RefFuzz saw it run past its time limit. If it has not returned in '
                  f'{TIMEOUT} s, faulthandler prints where it is and the script exits with status 1.', flush=True)
            faulthandler.dump_traceback_later(TIMEOUT, exit=True)
            make_arguments()
            start = time.monotonic()
            text = outcome()
            faulthandler.cancel_dump_traceback_later()
            print(f'call {text} after {time.monotonic() - start:.1f} s')
            drop_arguments()
            print('not reproduced: the call returned')
            return 0
        """

    static let counts = """
        CALLS, WARMUP = 10, 2  # the first calls may fill caches: judged are the later ones


        def shared_objects():
            \"\"\"The objects the interpreter shares, whose counts a case moves without owning them: the
            cached small ints (the cache probed, it is wider in later versions), singletons, the empty
            tuple and str, the 1-character strings, and the case's interned strings.\"\"\"
            low = high = 0
            while low > -100000 and int(str(low - 1)) is int(str(low - 1)):
                low -= 1
            while high < 100000 and int(str(high + 1)) is int(str(high + 1)):
                high += 1
            return [*range(low, high + 1), None, True, False, Ellipsis, NotImplemented, (), '',
                    *map(chr, range(256)), *INTERNED]


        WATCHED = shared_objects()


        def immortal_objects():
            \"\"\"True when the runtime has immortal objects (3.12 and later): None's count does not move.\"\"\"
            before = sys.getrefcount(None)
            held = [None] * 100
            return sys.getrefcount(held[0]) == before


        IMMORTAL_NOTE = (' (on this Python, cached small ints, None, True and False are immortal: a leak or an '
                         'over-decref of one does not show in its count)') if immortal_objects() else ''


        def counts(table, row):
            \"\"\"Writes the counts of the shared objects, of the harness's objects alive and of the
            allocator's blocks into row `row` of `table`, an array (its numbers reference no int).\"\"\"
            gc.collect()
            width = len(WATCHED) + 2
            table[row * width + width - 1] = sys.getallocatedblocks()
            table[row * width + width - 2] = sum(1 for obj in gc.get_objects() if type(obj) in HARNESS)
            for i in range(len(WATCHED)):
                table[row * width + i] = sys.getrefcount(WATCHED[i])


        def growth(one_call):
            \"\"\"Makes CALLS calls with one_call(), each with fresh arguments: how every count changed on
            each call; which calls one_call() said lost references (and what it said on the last one).
            Only numbers in arrays are kept from call to call: anything else would be counted.\"\"\"
            width = len(WATCHED) + 2
            table = array.array('q', bytes(8 * width * (CALLS + 1)))
            lost = array.array('b', bytes(CALLS))
            counts(table, 0)
            for n in range(CALLS):
                text, missing = one_call()
                if n == 0:
                    print(f'call 1 {text}', flush=True)
                if missing:
                    lost[n], last = 1, missing
                del text, missing
                counts(table, n + 1)
            names = [f'the reference count of {obj!r}' for obj in WATCHED]
            names += ['the number of harness objects alive', "the number of the allocator's blocks"]
            changes = [(names[i], [table[(n + 1) * width + i] - table[n * width + i] for n in range(CALLS)])
                       for i in range(width)]
            return changes, lost, (last if any(lost) else [])


        def every_call(changes, sign):
            \"\"\"The counts that changed in the direction of sign on every judged call.\"\"\"
            moved = [(name, c) for name, c in changes if all(x * sign > 0 for x in c[WARMUP:])]
            for name, c in moved:
                print(f'  {name}, change on each call: ' + ' '.join(f'{x:+d}' for x in c))
            return [(name, sorted(c[WARMUP:])[(CALLS - WARMUP) // 2]) for name, c in moved]
        """

    static let leak = """
        def check_leak():
            \"\"\"A count that grows on every call: a reference, or an object, that is never given back.\"\"\"
            print(f'calling {CALL} {CALLS} times, each with fresh arguments: a leak shows as a count that '
                  'grows on every call')

            def one_call():
                make_arguments()
                text = outcome()
                drop_arguments()
                return text, []

            changes, _, _ = growth(one_call)
            grown = every_call(changes[-2:] + changes[:-2], +1)
            for name, per_call in grown:
                print(f'leak: {name} grows by ~{per_call} per call')
            if grown:
                return 1
            print(f'not reproduced: no count grows on every call{IMMORTAL_NOTE}')
            return 0
        """

    static let shadows = """
        SHADOWS = 8  # references the script holds to each object of the case, so that one released too often stays alive
        FOREVER = []  # holds those objects, and makes up for the references an over-decref took: never freed


        def references(objects, i):
            return sys.getrefcount(objects[i][1]) - BASE


        BASE = 0
        BASE = references([('control', object())], 0) - 1


        def known_references(objects, keep):
            \"\"\"How many references the script knows of for each object of the case, by id: its own, and
            one per slot of a live container of the case.\"\"\"
            known = dict.fromkeys((id(obj) for _, obj in objects), 1)
            for obj in keep:
                known[id(obj)] += 1
            for path, container in objects:
                for _, obj in members(container, path):
                    if id(obj) in known:
                        known[id(obj)] += 1
            return known


        def missing_references(objects, keep):
            \"\"\"The objects of the case with fewer references than the script knows of, as text; what
            they lack is made up for (FOREVER), so that they are never freed under the script.\"\"\"
            known = known_references(objects, keep)
            missing = []
            for i in range(len(objects)):
                lost = known[id(objects[i][1])] - references(objects, i)
                if lost > 0:
                    FOREVER.extend([objects[i][1]] * (lost + 1))  # one alive after the script's go
                    missing.append(f'{objects[i][0]} ({describe(objects[i][1])}) {lost} fewer')
            return missing
        """

    static let overDecref = """
        def check_over_decref():
            \"\"\"A count that drops on every call: a reference released that the target did not own.\"\"\"
            print(f'calling {CALL} {CALLS} times, each with fresh arguments: an over-decref shows as a count '
                  'that drops on every call')

            def one_call():
                make_arguments()
                objects = case_objects()
                keep = [obj for _, obj in objects] * (SHADOWS - 1)
                text = outcome()
                drop_arguments()
                gc.collect()
                return text, missing_references(objects, keep)

            changes, lost, missing = growth(one_call)
            dropped = every_call(changes[:-2], -1)
            for name, per_call in dropped:
                print(f'over-decref: {name} drops by ~{-per_call} per call; once it reaches 0 the object is '
                      'freed while still in use, and the interpreter crashes')
            short = all(lost[WARMUP:])
            if short:
                print(f'over-decref: after every call, objects of the case have fewer references than the '
                      f'script and the containers of the case hold (after the last call: {"; ".join(missing)}). '
                      f'The script holds {SHADOWS} references to each object of the case, so that it stays alive; '
                      'without them it is freed while still in use: a crash, or memory reused under a live reference')
            if dropped or short:
                return 1
            print(f'not reproduced: no count drops on every call{IMMORTAL_NOTE}')
            return 0
        """

    /// The case's objects and where they sit (for the checks that count their references, and for the
    /// caller's extra reference); the iterator branch only when the harness has iterators.
    static func walk(iterators: Bool) -> String {
        let iterator = iterators ? """

                elif type(obj) is Iterator:
                    for i, item in enumerate(obj.items):
                        yield f'item {i} of {path}', item
            """ : ""
        return """
            SCALARS = (int, float, str, bytes, bool, type(None))


            def describe(obj):
                \"\"\"What obj is, without calling any of its methods (they could run a plan).\"\"\"
                if type(obj) in SCALARS:
                    text = repr(obj)
                    return text if len(text) <= 40 else text[:37] + '...'
                name = getattr(obj, 'name', None)
                return f'<{name}>' if isinstance(name, str) else type(obj).__name__


            def members(obj, path):
                \"\"\"The objects obj holds, with where they sit, read with its built-in type's methods.\"\"\"
                kind = getattr(type(obj), 'builtin', type(obj))
                if isinstance(kind, type) and issubclass(kind, dict):
                    for i, (key, value) in enumerate(kind.items(obj)):
                        yield f'key {i} of {path}', key
                        yield f'{path}[{repr(key) if type(key) in SCALARS else f"key #{i}"}]', value
                elif kind in (list, tuple, deque):
                    for i, item in enumerate(kind.__iter__(obj)):
                        yield f'{path}[{i}]', item
                elif kind in (set, frozenset):
                    for i, item in enumerate(kind.__iter__(obj)):
                        yield f'{path}{{member {i}}}', item\(iterator)


            def walk(**arguments):
                \"\"\"Every object of the case, once each, with where it sits: the arguments, then what they
                hold, depth first.\"\"\"
                found, seen = [], set()

                def visit(path, obj):
                    if id(obj) not in seen:
                        seen.add(id(obj))
                        found.append((path, obj))
                        for inner in members(obj, path):
                            visit(*inner)

                for path, obj in arguments.items():
                    visit(path, obj)
                return found
            """
    }
}
