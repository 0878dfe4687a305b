//! Arbitrary bytes through the whole front end: read as a `.pol` file,
//! parsed (with recovery) and type-checked. Any panic, abort or hang is a
//! crash; diagnostics are the expected outcome for most inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polc::package::Package;
use polc::source::SourceMap;

fuzz_target!(|data: &[u8]| {
    // scripts/fuzz.sh runs under `ulimit -s unlimited`: no thread per input.
    polc::stack::declare_big_stack();
    // Invalid UTF-8 is rejected before parsing (E0009), so it is exercised
    // lossily: the front end sees every byte pattern it can be given.
    let text = String::from_utf8_lossy(data).into_owned();
    let mut map = SourceMap::new();
    // A path under a directory that does not exist: `load` finds nothing.
    let file = map.add("fuzz.pol", "/nonexistent/polc-fuzz/fuzz.pol", text);
    let (ast, _errors) = polc::syntax::parse_file(&map, file);
    let package = Package {
        map,
        files: ast.into_iter().collect(),
        roots: Vec::new(),
    };
    let _ = polc::check::check(&package);
});
