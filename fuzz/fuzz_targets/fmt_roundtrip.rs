//! `polc fmt` on arbitrary text: whenever a file parses, its formatted text
//! parses to the same tree (spans aside) with the same comments, and
//! formatting it again changes nothing (`polc::fmt::verify`, the check the
//! unit tests run over every `.pol` file of the repository).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // scripts/fuzz.sh runs under `ulimit -s unlimited`: no thread per input.
    polc::stack::declare_big_stack();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(broken) = polc::fmt::verify::round_trip("fuzz.pol", text) {
        panic!("{broken}");
    }
});
