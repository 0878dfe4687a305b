//! The importers on the real samples in `tests/importers/` (see its README).

use std::path::PathBuf;

use super::*;

fn sample(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/importers")
        .join(name)
}

fn run(format: Format, names: &[&str]) -> Imported {
    let paths: Vec<PathBuf> = names.iter().map(|n| sample(n)).collect();
    let inputs = Inputs::read(&paths).expect("samples are readable");
    import(format, &inputs).expect("right number of files")
}
