//! A line printer: words joined by single spaces, two-space indentation and
//! blank lines that are requested, never written twice and never written
//! directly after an opening `{` or at the start of the file.
//!
//! Comments are printed through the same printer (see `comments.rs`), so the
//! printer also owns the comment cursor and the source position of the last
//! thing printed, which decides where the author had blank lines.

use crate::fmt::comments::Comments;

/// Lines longer than this are broken where the layout allows it.
pub const WIDTH: usize = 100;

/// Spaces per indentation level.
const INDENT: usize = 2;

/// Builds the formatted text line by line.
pub struct Printer<'a> {
    /// Finished lines.
    out: Vec<Line>,
    /// The line being built, without its indentation.
    line: String,
    /// Indentation level of the line being built (fixed by its first word).
    line_indent: usize,
    /// Indentation level for the next line that starts.
    pub indent: usize,
    /// A space goes before the next word (unless the line is empty).
    pending_space: bool,
    /// A blank line goes before the next line.
    want_blank: bool,
    /// Nothing was written since the file started or a block opened, so a
    /// requested blank line is dropped.
    fresh: bool,
    /// Where the current line's code ends and its trailing comment starts.
    trailing_at: Option<usize>,
    /// The comments not printed yet.
    pub comments: Comments<'a>,
    /// Source offset just after the last declaration, line or comment printed.
    pub last_end: u32,
    /// Above 0, nothing breaks for width (measuring, string interpolations,
    /// a group that fits): see `layout.rs`.
    pub flat: u32,
    /// The continuation level of the innermost group broken for width, so
    /// a group nested in it indents one level further (`layout.rs`).
    pub group_cont: Option<usize>,
    /// The level of the next line that starts, when a group broken on an
    /// empty line moved `indent` to its continuation level.
    pub first_indent: Option<usize>,
}

/// What printing something on the current line would give.
pub struct Measure {
    /// The (first) line, indentation included, is at most [`WIDTH`] wide.
    pub fits: bool,
}

impl<'a> Printer<'a> {
    /// An empty printer over the comments of a file that starts at global
    /// offset `start`.
    pub fn new(comments: Comments<'a>, start: u32) -> Printer<'a> {
        Printer {
            out: Vec::new(),
            line: String::new(),
            line_indent: 0,
            indent: 0,
            pending_space: false,
            want_blank: false,
            fresh: true,
            trailing_at: None,
            comments,
            last_end: start,
            flat: 0,
            group_cont: None,
            first_indent: None,
        }
    }

    /// Appends `text` to the current line, after a space if one is pending.
    pub fn word(&mut self, text: &str) {
        if self.line.is_empty() {
            self.line_indent = self.first_indent.take().unwrap_or(self.indent);
        } else if self.pending_space {
            self.line.push(' ');
        }
        self.pending_space = false;
        self.line.push_str(text);
    }

    /// Appends `text` with no space before it, even if one was pending
    /// (closing brackets, commas, `.`).
    pub fn tight(&mut self, text: &str) {
        self.pending_space = false;
        self.word(text);
    }

    /// Puts one space before the next word.
    pub fn space(&mut self) {
        self.pending_space = true;
    }

    /// Puts one space before the next word unless the line is empty or ends
    /// with an opening bracket (used around inline comments).
    pub fn soft_space(&mut self) {
        if !self.line.ends_with(['(', '[', '{']) {
            self.pending_space = true;
        }
    }

    /// True when nothing has been written on the current line yet.
    pub fn line_is_empty(&self) -> bool {
        self.line.is_empty()
    }

    /// The indentation level of the current line.
    pub fn line_indent(&self) -> usize {
        if self.line.is_empty() {
            self.first_indent.unwrap_or(self.indent)
        } else {
            self.line_indent
        }
    }

    /// Ends the current line (nothing happens on an empty line).
    pub fn newline(&mut self) {
        self.pending_space = false;
        if self.line.is_empty() {
            return;
        }
        if self.want_blank && !self.fresh {
            self.out.push(Line::default());
        }
        self.want_blank = false;
        self.fresh = false;
        self.out.push(Line {
            indent: self.line_indent * INDENT,
            text: std::mem::take(&mut self.line),
            trailing_at: self.trailing_at.take(),
        });
    }

    /// Asks for one blank line before the next line.
    pub fn blank(&mut self) {
        self.want_blank = true;
    }

    /// Ends the line that opened a block and indents what follows.
    pub fn open(&mut self) {
        self.newline();
        self.indent += 1;
        self.fresh = true;
    }

    /// Ends the block's last line and outdents, with no blank line before
    /// the closing bracket.
    pub fn close(&mut self) {
        self.newline();
        self.indent = self.indent.saturating_sub(1);
        self.want_blank = false;
        self.fresh = false;
    }

    /// Runs `f` with the indentation one level deeper (continuation lines).
    pub fn indented(&mut self, f: impl FnOnce(&mut Printer<'a>)) {
        self.indent += 1;
        f(self);
        self.indent = self.indent.saturating_sub(1);
    }

    /// The column after what the current line holds (indentation and a
    /// pending space included), in Unicode scalar values.
    pub fn column(&self) -> usize {
        if self.line.is_empty() {
            return self.line_indent() * INDENT;
        }
        let space = usize::from(self.pending_space);
        self.line_indent * INDENT + self.line.chars().count() + space
    }

    /// The width of what `f` prints flat on a line of its own (a leading
    /// space counts), or `None` when it takes more than one line.
    pub fn flat_width(&self, f: impl FnOnce(&mut Printer<'a>)) -> Option<usize> {
        let mut scratch = self.clone_line();
        // A sentinel, so that a leading `space()` is kept and counted.
        scratch.line = "x".to_string();
        scratch.line_indent = 0;
        scratch.pending_space = false;
        f(&mut scratch);
        if !scratch.out.is_empty() || scratch.line.contains('\n') {
            return None;
        }
        Some(scratch.line.chars().count().saturating_sub(1))
    }

    /// What `f` would print from here, flat, without printing it.
    pub fn measure(&self, f: impl FnOnce(&mut Printer<'a>)) -> Measure {
        let mut scratch = self.clone_line();
        f(&mut scratch);
        let (indent, first) = match scratch.out.first() {
            Some(line) => (line.indent, line.text.as_str()),
            None => (scratch.line_indent * INDENT, scratch.line.as_str()),
        };
        let width = indent + first.lines().next().map(|l| l.chars().count()).unwrap_or(0);
        Measure {
            fits: width <= WIDTH,
        }
    }

    /// Whether what `f` prints from here, breaking for width as it would
    /// and printing comments where they fall, stays on the current line
    /// followed by `tail` columns within [`WIDTH`].
    pub fn stays_on_line(&self, tail: usize, f: impl FnOnce(&mut Printer<'a>)) -> bool {
        let mut scratch = self.clone_line();
        scratch.flat = self.flat;
        f(&mut scratch);
        scratch.out.is_empty() && scratch.column() + tail <= WIDTH
    }

    /// A copy of the printer's state without its finished output.
    fn clone_line(&self) -> Printer<'a> {
        Printer {
            out: Vec::new(),
            line: self.line.clone(),
            line_indent: self.line_indent,
            indent: self.indent,
            pending_space: self.pending_space,
            want_blank: false,
            fresh: true,
            trailing_at: self.trailing_at,
            comments: self.comments.clone(),
            last_end: self.last_end,
            flat: self.flat + 1,
            group_cont: self.group_cont,
            first_indent: self.first_indent,
        }
    }

    /// Marks the end of the current line's code: what follows is a
    /// trailing comment, aligned with those of the lines around it.
    pub fn mark_trailing(&mut self) {
        if self.trailing_at.is_none() {
            self.trailing_at = Some(self.line.len());
        }
    }

    /// The finished text: every line ended, trailing comments aligned,
    /// exactly one final newline (or nothing for a file with neither
    /// declarations nor comments).
    pub fn finish(mut self) -> String {
        self.newline();
        align_trailing(&mut self.out);
        let mut text = String::new();
        for line in &self.out {
            if !line.text.is_empty() {
                text.push_str(&" ".repeat(line.indent));
                text.push_str(&line.text);
            }
            text.push('\n');
        }
        text
    }
}

/// A finished line.
#[derive(Default)]
struct Line {
    /// Leading spaces.
    indent: usize,
    /// The text after them.
    text: String,
    /// Byte offset in `text` where the code ends and a trailing comment starts.
    trailing_at: Option<usize>,
}

/// Aligns the trailing comments of consecutive lines with the same
/// indentation one space after the longest code among them (as gofmt does),
/// so `field: Type // note` columns read as a table.
fn align_trailing(lines: &mut [Line]) {
    let mut start = 0;
    while start < lines.len() {
        let key = lines
            .get(start)
            .and_then(|l| alignable(l).map(|_| l.indent));
        let Some(indent) = key else {
            start += 1;
            continue;
        };
        let mut end = start;
        let mut column = 0;
        while let Some(code) = lines
            .get(end)
            .filter(|l| l.indent == indent)
            .and_then(alignable)
        {
            column = column.max(code);
            end += 1;
        }
        for line in lines.get_mut(start..end).unwrap_or(&mut []) {
            let (Some(at), Some(code)) = (line.trailing_at, alignable(line)) else {
                continue;
            };
            let comment = line.text.get(at..).unwrap_or("").trim_start().to_string();
            line.text.truncate(at);
            // Aligning never pushes a line past the width (§17).
            let aligned = line.indent + column + 1 + comment.chars().count();
            let pad = if aligned > WIDTH {
                1
            } else {
                column - code + 1
            };
            line.text.push_str(&" ".repeat(pad));
            line.text.push_str(&comment);
        }
        start = end;
    }
}

/// The width of a line's code when it has a one-line trailing comment.
fn alignable(line: &Line) -> Option<usize> {
    let at = line.trailing_at?;
    if line.text.contains('\n') {
        return None;
    }
    line.text.get(..at).map(|code| code.chars().count())
}
