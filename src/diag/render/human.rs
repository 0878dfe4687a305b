//! Human output in rustc's layout, drawn by `annotate-snippets` (the crate
//! rustc itself uses): `error[E0201]: message`, `--> file:line:col`, the
//! source with its labels, `= help: …`, then a `note:` per related note.
//! Long lines are cut around their labels to the style's width.

use annotate_snippets::{Group, Level, Renderer};

use crate::diag::render::snippet::{excerpts, Mark};
use crate::diag::render::Style;
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::SourceMap;

fn renderer(style: Style) -> Renderer {
    let base = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    base.term_width(style.width).hyperlink(false)
}

/// One diagnostic with its source, followed by a blank line (as rustc).
pub fn human(diag: &Diagnostic, map: &SourceMap, style: Style) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut title = level.primary_title(diag.message.as_str());
    if !diag.code.is_empty() {
        title = title.id(diag.code.as_str());
    }
    let marks: Vec<Mark<'_>> = diag
        .primary
        .iter()
        .map(|label| Mark {
            label,
            primary: true,
        })
        .chain(diag.labels.iter().map(|label| Mark {
            label,
            primary: false,
        }))
        .collect();
    let mut main = Group::with_title(title).elements(excerpts(map, &marks));
    if let Some(help) = &diag.help {
        main = main.element(Level::HELP.message(help.as_str()));
    }
    let mut report = vec![main];
    for note in &diag.notes {
        let marks: Vec<Mark<'_>> = note
            .labels
            .iter()
            .map(|label| Mark {
                label,
                primary: false,
            })
            .collect();
        report.push(
            Group::with_title(Level::NOTE.secondary_title(note.message.as_str()))
                .elements(excerpts(map, &marks)),
        );
    }
    let mut out = renderer(style).render(&report);
    out.push_str("\n\n");
    out
}

/// Source excerpts with labels and nothing else (no header, no help), each
/// line indented by `indent` spaces: the body of a `polc test` failure.
pub fn frame(map: &SourceMap, labels: &[Label], style: Style, indent: usize) -> String {
    let marks: Vec<Mark<'_>> = labels
        .iter()
        .map(|label| Mark {
            label,
            primary: true,
        })
        .collect();
    let snippets = excerpts(map, &marks);
    if snippets.is_empty() {
        return String::new();
    }
    let style = Style {
        width: style.width.saturating_sub(indent),
        ..style
    };
    let drawn = renderer(style).render(&[Group::with_level(Level::ERROR).elements(snippets)]);
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for line in drawn.lines() {
        if !line.is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
