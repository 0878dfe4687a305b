//! The output CSV (§12): a header of field names, RFC 4180 quoting, list
//! cells `;`-joined with `\;` for a literal `;`, an empty cell for absent.
//! Written atomically: a temporary file beside the target, synced, then
//! renamed over it, so a reader never sees half a list.

use std::io::Write;
use std::path::Path;

use crate::importers::Entry;

/// The header row, in column order.
pub const HEADER: &str = "id,name,aliases,weak_aliases,type,country,programme,listed";

/// The whole CSV text of `entries` (deterministic: input order, `\n` line ends).
pub fn render(entries: &[Entry]) -> String {
    let mut out = String::with_capacity(entries.len() * 96);
    out.push_str(HEADER);
    out.push('\n');
    for e in entries {
        let cells = [
            cell(&e.id),
            cell(&e.name),
            cell(&join(&e.aliases)),
            cell(&join(&e.weak_aliases)),
            cell(e.kind.map_or("", |k| k.as_str())),
            cell(e.country.unwrap_or("")),
            cell(&join(&e.programmes)),
            cell(e.listed.as_deref().unwrap_or("")),
        ];
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// A list cell: pieces joined with `;`, a `;` inside a piece written `\;`.
fn join(pieces: &[String]) -> String {
    pieces
        .iter()
        .map(|p| p.replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join(";")
}

/// One RFC 4180 cell: quoted when it holds `,`, `"` or a line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Writes `text` to `path` through a temporary file in the same directory,
/// synced and renamed over `path`; on failure the temporary file is removed
/// and `path` is as it was.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.polc-import-{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::importers::Kind;

    #[test]
    fn quoting_and_list_escapes() {
        let e = Entry {
            id: "1".into(),
            name: "ACME, \"THE\" CO.".into(),
            aliases: vec!["A;B".into(), "C".into()],
            weak_aliases: vec![],
            kind: Some(Kind::Entity),
            country: Some("IR"),
            programmes: vec!["SDGT".into(), "IRAN".into()],
            listed: Some("2020-01-02".into()),
        };
        assert_eq!(
            render(&[e]),
            format!(
                "{HEADER}\n1,\"ACME, \"\"THE\"\" CO.\",A\\;B;C,,entity,IR,SDGT;IRAN,2020-01-02\n"
            )
        );
    }
}
