//! Comments, attached by position.
//!
//! The printer walks the tree in source order and keeps a cursor into the
//! file's comments (sorted by offset). Before a line-level node starting at
//! `pos` it prints every comment before `pos` on lines of their own
//! ([`Printer::leading`]); inside a line it prints them where it is
//! ([`Printer::flush_inline`]); after a line it takes the comments that stood
//! on the same source line ([`Printer::end_line`]). So each comment is
//! printed exactly once, in its original order, and never crosses the start
//! of a declaration, field, metadata line, condition, effect or `}` — which
//! keeps the doc comments that lowering attaches unchanged too.

use crate::ast::{Comment, CommentKind};
use crate::fmt::printer::Printer;

/// The comments of one file not printed yet.
#[derive(Clone)]
pub struct Comments<'a> {
    /// Every comment of the file, in source order.
    list: &'a [Comment],
    /// Index of the first comment not printed yet.
    next: usize,
    /// The file's text.
    text: &'a str,
    /// Global offset of the text's first byte.
    base: u32,
}

/// Whether a line-level node gets a blank line before it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// Always (between top-level declarations and rules).
    Force,
    /// When the author had one (between fields, conditions, … and comments).
    Keep,
}

impl<'a> Comments<'a> {
    /// A cursor at the first comment of a file whose text starts at global offset `base`.
    pub fn new(list: &'a [Comment], text: &'a str, base: u32) -> Comments<'a> {
        Comments {
            list,
            next: 0,
            text,
            base,
        }
    }

    fn peek(&self) -> Option<&'a Comment> {
        self.list.get(self.next)
    }

    /// Takes the next comment if it starts before `pos`.
    fn take_before(&mut self, pos: u32) -> Option<&'a Comment> {
        let comment = self.peek().filter(|c| c.text.span.lo < pos)?;
        self.next += 1;
        Some(comment)
    }

    /// True when a comment not printed yet starts before `pos`.
    pub fn any_before(&self, pos: u32) -> bool {
        self.peek().is_some_and(|c| c.text.span.lo < pos)
    }

    /// The source text between two global offsets (empty when out of range).
    fn slice(&self, lo: u32, hi: u32) -> &'a str {
        let lo = lo.saturating_sub(self.base) as usize;
        let hi = (hi.saturating_sub(self.base) as usize).min(self.text.len());
        self.text.get(lo..hi).unwrap_or("")
    }

    /// True when the source has an empty line between `lo` and `hi`.
    pub fn blank_between(&self, lo: u32, hi: u32) -> bool {
        let mut rest = self.slice(lo, hi);
        while let Some(at) = rest.find('\n') {
            rest = rest.get(at + 1..).unwrap_or("");
            let line_end = rest.find('\n');
            if line_end.is_some_and(|e| rest.get(..e).is_some_and(|l| l.trim().is_empty())) {
                return true;
            }
        }
        false
    }

    /// The width that the comments trailing a node ending at `end` add to
    /// its last line (what [`Printer::end_line`] will put there), so a line
    /// is measured with them (§17).
    pub fn trailing_width(&self, end: u32) -> usize {
        let mut i = self
            .list
            .partition_point(|c| c.text.span.lo < end)
            .max(self.next);
        let mut at = end;
        let mut width = 0;
        while let Some(c) = self.list.get(i) {
            let gap = self.slice(at, c.text.span.lo);
            if !gap.chars().all(|ch| matches!(ch, ' ' | '\t' | ',')) {
                break;
            }
            width += 1 + c.text.node.chars().count();
            at = c.text.span.hi;
            i += 1;
            if c.kind != CommentKind::Block {
                break;
            }
        }
        width
    }

    /// The offset of the first `byte` at or after `from` that is not inside a
    /// comment (for the `{` of a block header, which has no span of its own).
    pub fn find_after(&self, from: u32, byte: u8) -> Option<u32> {
        let mut at = from;
        loop {
            let rest = self.slice(at, u32::MAX);
            let found = at + rest.bytes().position(|b| b == byte)? as u32;
            let i = self.list.partition_point(|c| c.text.span.hi <= found);
            match self.list.get(i) {
                Some(c) if c.text.span.lo <= found => at = c.text.span.hi,
                _ => return Some(found),
            }
        }
    }
}

impl Printer<'_> {
    /// Prints the comments before `pos` on lines of their own, keeping one
    /// blank line where the author had any, then decides the blank line
    /// before the node at `pos`.
    pub fn leading(&mut self, pos: u32, blank: Blank) {
        let mut first = true;
        while let Some(c) = self.comments.take_before(pos) {
            self.newline();
            if (first && blank == Blank::Force)
                || self.comments.blank_between(self.last_end, c.text.span.lo)
            {
                self.blank();
            }
            self.word(&c.text.node);
            self.newline();
            self.last_end = c.text.span.hi;
            first = false;
        }
        if (first && blank == Blank::Force) || self.comments.blank_between(self.last_end, pos) {
            self.blank();
        }
    }

    /// Prints the comments before `pos` where the printer is, inside a line.
    /// A `//` comment ends the line: what follows goes on the next one.
    pub fn flush_inline(&mut self, pos: u32) {
        while let Some(c) = self.comments.take_before(pos) {
            self.soft_space();
            self.word(&c.text.node);
            match c.kind {
                CommentKind::Block => self.space(),
                CommentKind::Line | CommentKind::Doc => self.newline(),
            }
        }
    }

    /// Ends the line of a node that ends at `end`: first the comments left
    /// inside it, then those that trail it on the same source line (only
    /// white space and commas between).
    pub fn end_line(&mut self, end: u32) {
        self.flush_inline(end);
        let mut at = end;
        // After a `//` comment moved to the end of the line, nothing trails.
        while let Some(c) = self.comments.peek().filter(|_| !self.line_is_empty()) {
            let gap = self.comments.slice(at, c.text.span.lo);
            if c.text.span.lo < at || !gap.chars().all(|ch| matches!(ch, ' ' | '\t' | ',')) {
                break;
            }
            self.comments.next += 1;
            self.mark_trailing();
            self.space();
            self.word(&c.text.node);
            at = c.text.span.hi;
            if c.kind != CommentKind::Block {
                break;
            }
        }
        self.last_end = self.last_end.max(at);
        self.newline();
    }
}
