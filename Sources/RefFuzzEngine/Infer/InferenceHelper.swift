import CPython
import Foundation
import RefFuzzCore

/// The Python side of spec inference, compiled once in the parent (the first time a module is
/// inferred) and called only in probe children: `survey` introspects a module (`inspect.signature`, the
/// `.pyi` stub parsed with `ast`, docstrings' first lines) without calling any of its code; `probe`
/// makes one probe call with fresh samples of the kinds asked for. Both take and give JSON text.
enum InferenceHelper {
    nonisolated(unsafe) private static var surveyFunction: PyPointer?
    nonisolated(unsafe) private static var probeFunction: PyPointer?

    static let source = #"""
    import array as _array, ast as _ast, builtins as _builtins, collections as _collections, importlib as _importlib
    import inspect as _inspect, io as _io, json as _json, os as _os, sys as _sys, types as _types

    _DUNDERS = ('__getitem__', '__setitem__', '__delitem__', '__contains__', '__len__', '__iter__', '__call__')

    def _first_line(obj):
        doc = getattr(obj, '__doc__', None)
        if not isinstance(doc, str):
            return None
        for line in doc.strip().splitlines():
            if line.strip():
                return line.strip()[:300]
        return None

    def _annotation(a):
        if a is _inspect.Parameter.empty:
            return None
        if isinstance(a, str):
            return a
        if isinstance(a, type):
            return a.__qualname__ if a.__module__ == 'builtins' else a.__module__ + '.' + a.__qualname__
        try:
            return repr(a)
        except Exception:
            return None

    def _signature(obj, drop_first):
        try:
            sig = _inspect.signature(obj)
        except Exception:
            return None, None
        ps = list(sig.parameters.values())
        if drop_first and ps and ps[0].kind in (0, 1):
            ps = ps[1:]
        try:
            text = str(sig.replace(parameters=ps))
        except Exception:
            text = str(sig)
        params = [{'name': p.name, 'kind': int(p.kind), 'required': p.default is p.empty and p.kind in (0, 1, 3),
                   'annotation': _annotation(p.annotation)} for p in ps]
        return params, text

    def _callable(obj, drop_first, stub):
        params, text = _signature(obj, drop_first)
        text_sig = isinstance(getattr(obj, '__text_signature__', None), str)
        return {'signature': params, 'signatureText': text, 'textSignature': text_sig, 'stub': stub, 'doc': _first_line(obj)}

    def _stub_file(mod, name):
        parts = name.split('.')
        candidates = []
        f = getattr(mod, '__file__', None)
        if isinstance(f, str):
            folder, base = _os.path.split(f)
            if base.startswith('__init__.'):
                candidates.append(_os.path.join(folder, '__init__.pyi'))
            else:
                candidates += [_os.path.join(folder, parts[-1] + '.pyi'), _os.path.join(folder, parts[-1], '__init__.pyi')]
        for entry in _sys.path:
            if isinstance(entry, str):
                root = _os.path.join(entry or '.', parts[0] + '-stubs', *parts[1:])
                candidates.append(_os.path.join(root, '__init__.pyi'))
                if len(parts) > 1:
                    candidates.append(root + '.pyi')
        for candidate in candidates:
            if _os.path.isfile(candidate):
                return _os.path.abspath(candidate)
        return None

    def _unparse(node):
        return None if node is None else _ast.unparse(node)

    def _stub_params(node, drop_first):
        a = node.args
        positional = [(p, 0) for p in a.posonlyargs] + [(p, 1) for p in a.args]
        defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
        out = [{'name': p.arg, 'kind': kind, 'required': d is None, 'annotation': _unparse(p.annotation)}
               for (p, kind), d in zip(positional, defaults)]
        if a.vararg:
            out.append({'name': a.vararg.arg, 'kind': 2, 'required': False, 'annotation': _unparse(a.vararg.annotation)})
        out += [{'name': p.arg, 'kind': 3, 'required': d is None, 'annotation': _unparse(p.annotation)}
                for p, d in zip(a.kwonlyargs, a.kw_defaults)]
        if a.kwarg:
            out.append({'name': a.kwarg.arg, 'kind': 4, 'required': False, 'annotation': _unparse(a.kwarg.annotation)})
        if drop_first and out and out[0]['kind'] in (0, 1):
            out = out[1:]
        return out

    def _stub(path):
        # The first definition of each name (the first overload).
        functions, classes = {}, {}
        if path is None:
            return functions, classes
        try:
            with open(path, encoding='utf-8') as f:
                tree = _ast.parse(f.read(), path)
        except Exception:
            return functions, classes
        for node in tree.body:
            if isinstance(node, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
                functions.setdefault(node.name, _stub_params(node, False))
            elif isinstance(node, _ast.ClassDef):
                methods = classes.setdefault(node.name, {})
                for item in node.body:
                    if isinstance(item, (_ast.FunctionDef, _ast.AsyncFunctionDef)):
                        static = any(_ast.unparse(d) == 'staticmethod' for d in item.decorator_list)
                        methods.setdefault(item.name, _stub_params(item, not static))
        return functions, classes

    def _top(name):
        return name.split('.')[0].lstrip('_')

    def _defined_here(obj, name, modname):
        m = getattr(obj, '__module__', None)
        if not isinstance(m, str) or m == modname:
            return True, None
        if m == 'builtins':
            return getattr(_builtins, name.split('.')[-1], None) is not obj, m
        return _top(m) == _top(modname), m

    def _type(name, cls, stub):
        init = stub.get('__init__') or stub.get('__new__')
        methods = []
        public = [n for n in cls.__dict__ if not n.startswith('_')] + [n for n in _DUNDERS if n in cls.__dict__]
        for m in public:
            raw = cls.__dict__[m]
            if isinstance(raw, (property, _types.MemberDescriptorType, _types.GetSetDescriptorType, type)):
                continue
            try:
                obj = getattr(cls, m)
            except Exception:
                continue
            if not callable(obj):
                continue
            bound = isinstance(raw, (staticmethod, classmethod)) or _inspect.ismethod(obj) or getattr(obj, '__self__', None) is cls
            methods.append({'name': m, 'callable': _callable(obj, not bound, stub.get(m))})
        module = getattr(cls, '__module__', None)
        names = [cls.__name__, cls.__qualname__]
        if isinstance(module, str) and module != 'builtins':
            names.append(module + '.' + cls.__qualname__)
        return {'name': name, 'isType': True, 'callable': _callable(cls, False, init), 'methods': methods, 'typeNames': names}

    def _reffuzz_survey(modname, only):
        mod = _sys.modules.get(modname) or _importlib.import_module(modname)
        stub_path = _stub_file(mod, modname)
        functions, classes = _stub(stub_path)
        listed = getattr(mod, '__all__', None)
        if not (isinstance(listed, (list, tuple)) and all(isinstance(n, str) for n in listed)):
            listed = None
        if only is not None:
            names = [only]
        elif listed is not None:
            names = list(listed)
        else:
            names = sorted(n for n in dir(mod) if not n.startswith('_'))
        members, skipped = [], []
        for name in names:
            obj = mod
            try:
                for part in name.split('.'):
                    obj = getattr(obj, part)
            except Exception as e:
                skipped.append({'name': name, 'reason': 'looking it up raised ' + type(e).__name__})
                continue
            if isinstance(obj, _types.ModuleType):
                continue
            here, elsewhere = _defined_here(obj, name, modname)
            if isinstance(obj, type):
                if issubclass(obj, BaseException) and only is None:
                    continue
                if not here and only is None:
                    skipped.append({'name': name, 'reason': 're-exported from ' + elsewhere})
                    continue
                members.append(_type(name, obj, classes.get(name.split('.')[-1], {})))
            elif callable(obj):
                if not here and listed is None and only is None:
                    skipped.append({'name': name, 'reason': 're-exported from ' + elsewhere})
                    continue
                members.append({'name': name, 'isType': False, 'callable': _callable(obj, False, functions.get(name)),
                                'methods': [], 'typeNames': []})
            elif only is not None:
                skipped.append({'name': name, 'reason': 'not callable'})
        return _json.dumps({'module': modname, 'stub': stub_path, 'members': members, 'skipped': skipped})

    def _mutator(*args, **kwargs):
        return None

    def _sample(kind):
        if kind == 'list': return [1, 2, 3]
        if kind == 'dict': return {'a': 1, 'b': 2}
        if kind == 'tuple': return (1, 2, 3)
        if kind == 'set': return {1, 2, 3}
        if kind == 'frozenset': return frozenset((1, 2, 3))
        if kind == 'deque': return _collections.deque([1, 2, 3])
        if kind == 'ordereddict': return _collections.OrderedDict([('a', 1), ('b', 2)])
        if kind == 'bytearray': return bytearray(b'abc')
        if kind == 'array': return _array.array('l', [1, 2, 3])
        if kind == 'int': return 2
        if kind == 'float': return 2.5
        if kind == 'str': return 'ab'
        if kind == 'bytes': return b'ab'
        if kind == 'iterator': return iter([1, 2, 3])
        if kind == 'file': return _io.StringIO('a\nb\n')
        if kind in ('mutator', 'callable'): return _mutator
        return None

    # Every object a probe call is given stays referenced here until the child exits: a function that
    # drops a reference it does not own must not free it under the caller.
    _keep = []

    def _message(e):
        return ', '.join(e.args) if all(isinstance(a, str) for a in e.args) else ''

    def _reffuzz_probe(modname, text):
        request = _json.loads(text)
        obj = _sys.modules[modname]
        for part in request['path'].split('.'):
            obj = getattr(obj, part)
        def build():
            a, k = values(request.get('constructor') or {'positional': [], 'keywords': []})
            instance = obj(*a, **k)
            _keep.append(instance)
            return instance
        def value(kind):
            if kind is None:
                return None
            made = build() if kind == 'self' else _sample(kind)
            _keep.append(made)
            return made
        def values(arguments):
            return [value(v) for v in arguments['positional']], {k['name']: value(k['value']) for k in arguments['keywords']}
        try:
            target = getattr(build(), request['method']) if request.get('method') is not None else obj
            a, k = values(request['arguments'])
        except BaseException as e:
            return _json.dumps(['setup', type(e).__name__ + ': ' + _message(e)])
        try:
            result = target(*a, **k)
        except BaseException as e:
            return _json.dumps(['raised', type(e).__name__, _message(e)])
        _keep.append(result)
        return _json.dumps(['returned'])
    """#

    /// Compiles the helper once. Must hold the GIL.
    static func prepare() {
        guard surveyFunction == nil, let globals = PyDict_New() else { return } // new; kept with the functions
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        guard let result = PyRun_String(source, Py_file_input, globals, globals) else { // new
            PyErr_Clear()
            Py_DECREF(globals)
            return
        }
        Py_DECREF(result)
        surveyFunction = PyDict_GetItemString(globals, "_reffuzz_survey") // borrowed from `globals`, kept alive
        probeFunction = PyDict_GetItemString(globals, "_reffuzz_probe") // borrowed from `globals`, kept alive
    }

    /// What a survey child sends: the survey's JSON text, or why it failed.
    struct SurveyMessage: Codable {
        var json: String?
        var error: String?
    }

    /// Surveys `module` (already imported), or only its member `only`. In a child only: it runs Python code.
    static func survey(_ module: String, only: String?) -> SurveyMessage {
        guard let surveyFunction else { return SurveyMessage(error: "the inference helper did not compile") }
        let arguments = [Python.newString(module), only.map(Python.newString) ?? { Py_INCREF(Python.none); return Python.none }()]
        guard let result = call(surveyFunction, arguments) else { // new
            let error = Python.takeException()
            return SurveyMessage(error: error.map { "\($0.type): \($0.message)" } ?? "unknown error")
        }
        defer { Py_DECREF(result) }
        return SurveyMessage(json: Python.string(result))
    }

    /// Makes one probe call. In a child only: it runs the target's code.
    static func probe(_ module: String, _ request: ProbeRequest) -> ProbeOutcome {
        guard let probeFunction, let data = try? JSONEncoder().encode(request) else { return .setupFailed("no inference helper") }
        guard let result = call(probeFunction, [Python.newString(module), Python.newString(String(decoding: data, as: UTF8.self))]) else { // new
            let error = Python.takeException()
            return .setupFailed(error.map { "\($0.type): \($0.message)" } ?? "the probe helper failed")
        }
        defer { Py_DECREF(result) }
        guard let text = Python.string(result), let fields = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            return .setupFailed("the probe helper answered nothing")
        }
        switch fields.first {
        case "returned": return .returned
        case "raised" where fields.count == 3: return .raised(type: fields[1], message: fields[2])
        default: return .setupFailed(fields.dropFirst().joined(separator: " "))
        }
    }

    /// New reference: function(*arguments), or nil with the exception set; steals `arguments` (new references).
    private static func call(_ function: PyPointer, _ arguments: [PyPointer?]) -> PyPointer? {
        guard arguments.allSatisfy({ $0 != nil }), let tuple = PyTuple_New(arguments.count) else { // new
            arguments.forEach { Py_XDECREF($0) }
            return nil
        }
        defer { Py_DECREF(tuple) }
        for (i, argument) in arguments.enumerated() { PyTuple_SetItem(tuple, i, argument) } // steals
        return PyObject_Call(function, tuple, nil)
    }
}

extension Python {
    /// New reference: a str of `text`, or nil with the exception set.
    static func newString(_ text: String) -> PyPointer? { PyUnicode_FromString(text) }
}
