//! Collects `src/diag/codes/*.md` into the diagnostic-code registry, so a
//! code's documentation is its file and nothing else needs to list it.

use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new("src/diag/codes");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut codes: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().to_string();
                    name.strip_suffix(".md").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let mut out = String::from("/// Every documented code and its Markdown doc, sorted by code.\npub static CODE_DOCS: &[(&str, &str)] = &[\n");
    for code in &codes {
        out.push_str(&format!(
            "    ({code:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/diag/codes/{code}.md\"))),\n"
        ));
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_string());
    let _ = fs::write(Path::new(&out_dir).join("code_docs.rs"), out);
}
