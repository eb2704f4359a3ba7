// The harness's objects calling back: a mutator or callable called, an evil object's dunder, an
// iterator's __next__, a file's method, an overridden method of an instance. Each call runs its program
// (the steps of `CaseRun+Steps`) and then answers as the case says.
import CPython
import RefFuzzCore
import RefFuzzRuntime

/// The C runtime calls this when a harness object's method runs (see rf_program_hook).
let programHook: rf_program_hook = { owner, ident, method, call in
    CaseRun.active?.answer(owner: owner, ident: Int(ident), method: method, call: Int(call))
}

extension CaseRun {
    /// Runs the program of the `call`-th call of a harness object's method (-1: counted here), then
    /// answers: nil for the method's usual answer, a new reference to a generated value, or nil with the
    /// generated exception set.
    func answer(owner: Int32, ident: Int, method: Int32, call: Int) -> PyPointer? {
        guard let behaviour = behaviour(owner: owner, ident: ident, method: method) else { return nil }
        let call = call >= 0 ? call : nextCall(of: behaviour)
        let programs = theCase[calls: behaviour]
        if call < programs.count {
            let who = ProgramOwner(behaviour, call: call)
            for (position, step) in programs[call].enumerated() {
                perform(step, owner: who, position: position)
            }
        }
        let results = theCase[results: behaviour]
        guard call < results.count else { return nil }
        switch results[call] {
        case .usual:
            return nil
        case .value(let value):
            return makeAnswer(value, answering: ProgramOwner(behaviour, call: call))
        case .raise(let type):
            PyErr_SetString(type.pythonType ?? rf_builtin_exception("RuntimeError"), "raised by \(behaviour.description) call \(call + 1) (RefFuzz)")
            return nil
        }
    }

    /// Whose method ran, as the case names it (nil: not one of the case's).
    func behaviour(owner: Int32, ident: Int, method: Int32) -> Behaviour? {
        switch rf_program_owner(UInt32(owner)) {
        case RF_OWNER_MUTATOR:
            return .mutator(ident)
        case RF_OWNER_EVIL:
            return Dunder.allCases.first { $0.slot == method }.map { .evil(ident, $0) }
        case RF_OWNER_ITERATOR:
            return .iterator(ident)
        case RF_OWNER_FILE:
            return FileMethod.allCases.indices.contains(Int(method)) ? .file(ident, FileMethod.allCases[Int(method)]) : nil
        case RF_OWNER_INSTANCE:
            // `ident` is the instance's tag.
            guard let n = instanceNumbers[ident], n < theCase.instances.count else { return nil }
            let methods = theCase.instances[n].base.methods
            return methods.indices.contains(Int(method)) ? .instance(n, methods[Int(method)]) : nil
        default:
            return nil
        }
    }

    /// The number of this call of an instance's method (the C runtime counts the calls of its own
    /// objects; an instance is a Python object, its calls are counted here).
    func nextCall(of behaviour: Behaviour) -> Int {
        defer { instanceCalls[behaviour, default: 0] += 1 }
        return instanceCalls[behaviour] ?? 0
    }
}

extension ExceptionType {
    /// Borrowed: the built-in exception type of that name.
    var pythonType: PyPointer? { rf_builtin_exception(rawValue) }
}
