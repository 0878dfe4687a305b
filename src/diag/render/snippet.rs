//! Labels → `annotate-snippets` source excerpts: one excerpt per file,
//! holding only the lines between that file's first and last label, so a
//! large file is never handed over whole.

use annotate_snippets::{Annotation, AnnotationKind, Snippet};

use crate::diag::Label;
use crate::source::{floor_char_boundary, SourceFile, SourceMap};

/// A label and whether it is drawn as primary (`^^^`) or context (`---`).
pub(super) struct Mark<'d> {
    /// The label.
    pub label: &'d Label,
    /// `^` rather than `-`.
    pub primary: bool,
}

/// One excerpt per file, in the order the files first appear among `marks`.
/// Labels outside every file (none are expected) are left out.
pub(super) fn excerpts<'a>(
    map: &'a SourceMap,
    marks: &[Mark<'a>],
) -> Vec<Snippet<'a, Annotation<'a>>> {
    let mut files: Vec<(&'a SourceFile, Vec<&Mark<'a>>)> = Vec::new();
    for mark in marks {
        let Some(file) = map.file_at(mark.label.span.lo) else {
            continue;
        };
        match files.iter_mut().find(|(f, _)| f.start == file.start) {
            Some((_, in_file)) => in_file.push(mark),
            None => files.push((file, vec![mark])),
        }
    }
    files
        .into_iter()
        .map(|(file, in_file)| excerpt(file, &in_file))
        .collect()
}

fn excerpt<'a>(file: &'a SourceFile, marks: &[&Mark<'a>]) -> Snippet<'a, Annotation<'a>> {
    let text = file.text.as_str();
    let local = |offset: u32| floor_char_boundary(text, offset.saturating_sub(file.start) as usize);
    let lo = marks
        .iter()
        .map(|m| local(m.label.span.lo))
        .min()
        .unwrap_or(0);
    let hi = marks
        .iter()
        .map(|m| local(m.label.span.hi))
        .max()
        .unwrap_or(lo);
    let (lines, first_line) = file.lines.lines_around(text, lo..hi);
    let source = text.get(lines.clone()).unwrap_or("");
    let annotations = marks.iter().map(|m| {
        // Offsets relative to the excerpt, kept inside it: a span may end
        // on the `\n` the excerpt leaves out, or past the end of the file.
        let start = local(m.label.span.lo)
            .saturating_sub(lines.start)
            .min(source.len());
        let end = local(m.label.span.hi)
            .saturating_sub(lines.start)
            .clamp(start, source.len());
        let kind = if m.primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        kind.span(start..end).label(m.label.message.as_deref())
    });
    Snippet::source(source)
        .line_start(first_line)
        .path(file.name.as_str())
        .annotations(annotations)
}
