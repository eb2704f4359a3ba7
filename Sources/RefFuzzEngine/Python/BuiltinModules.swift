import CPython
import RefFuzzExamples

/// The example extension modules compiled into the binary, importable by name like any module.
public enum BuiltinModules {
    /// Module names, in the order `reffuzz targets` lists them.
    public static let names = ["refexamples", "refhazards"]
    /// The modules fuzzed by `reffuzz fuzz` with no target.
    public static let defaultModules = ["refexamples"]

    /// Registers the modules with the import machinery; must run before Py_Initialize.
    static func register() -> Bool {
        rf_register_builtin_modules() == 0
    }
}
