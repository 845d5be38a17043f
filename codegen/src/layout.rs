//! Line breaking without a parse: a stream of words, breaks and boxes laid
//! out by Oppen's algorithm (D. C. Oppen, "Prettyprinting", ACM TOPLAS 2(4),
//! 1980), with the margin (89 columns), indent (4) and box choices that
//! prettyplease uses for the same Rust constructs.
//!
//! `emit::text` writes the bulk of the generated code (declarations, their
//! attributes and docs, the runtime macro calls) into a [`Layout`] directly;
//! everything else still goes quote → syn → prettyplease. Both paths lay out
//! alike, byte for byte, which the differential test
//! (`emit::text::tests`, and `tests/public_specs.rs` on three large APIs)
//! checks by generating every crate both ways. The gain is skipping the
//! token stream, its parse and the syntax tree for most of the text.
//!
//! The algorithm in one paragraph: a *box* is a run of tokens laid out as a
//! unit; a box that fits in the rest of the line is printed flat, else it is
//! *broken*: every break of a *consistent* box becomes a newline, a break of
//! an *inconsistent* box only when the text up to the next break would not
//! fit. The size of a box or break is its text up to the next break at the
//! same or an outer level (so a box "fits" only with what follows it on the
//! line). Sizes are computed in a first pass, the text in a second.

/// The width prettyplease breaks lines at.
const MARGIN: isize = 89;
/// One level of indentation.
pub(crate) const INDENT: isize = 4;
/// Every line gets at least this much room, however deep its indentation.
const MIN_SPACE: isize = 60;
/// The size of a hard break: larger than any line, so it always breaks.
const INFINITY: isize = 0xffff;

/// A break: a place where the line may end. (Small, as every token is:
/// a crate's layout holds millions of tokens, and printing them is bound by
/// reading memory.)
#[derive(Debug, Clone, Copy, Default)]
struct Break {
    /// Indentation change of the next line, relative to the box.
    offset: i32,
    /// Spaces printed when the break does not end the line.
    blank: i32,
    /// A character printed before the newline when it does (`,` of a
    /// trailing comma).
    pre_break: Option<char>,
    /// Dropped when it is the last token of its box.
    if_nonempty: bool,
    /// Never ends the line (it still ends a size measurement).
    never: bool,
    /// A character printed at the start of the next line when it does end
    /// the line (`}` of the block a match arm's body moves into).
    post_break: Option<char>,
    /// A character printed when it does not end the line (`,` after a
    /// match arm that stays on one line).
    no_break: Option<char>,
}

#[derive(Debug, Clone, Copy)]
enum Token {
    /// `text[start..end]`.
    Text {
        start: u32,
        end: u32,
    },
    /// Nothing, as wide as a hard break: forces its box to break.
    Infinite,
    Begin {
        offset: i32,
        consistent: bool,
    },
    End,
    Break(Break),
}

// Kept small: see [`Break`].
const _: () = assert!(std::mem::size_of::<Token>() <= 24);

/// A stream of layout tokens and the text of its words.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    text: String,
    tokens: Vec<Token>,
}

/// How a box is printed.
#[derive(Clone, Copy)]
enum Frame {
    Fits,
    Broken { outer_indent: isize, consistent: bool },
}

impl Layout {
    pub(crate) fn new() -> Self {
        Layout::default()
    }

    /// Text that is never broken.
    pub(crate) fn word(&mut self, word: &str) {
        let start = text_index(self.text.len());
        self.text.push_str(word);
        self.tokens.push(Token::Text { start, end: text_index(self.text.len()) });
    }

    /// Closes the innermost box, forcing it to break when what it holds so
    /// far is wider than `max` even if it would fit the line (prettyplease
    /// keeps struct literals flat only up to 34 columns).
    pub(crate) fn end_with_max_width(&mut self, max: isize) {
        let mut depth = 1;
        let mut width = 0;
        for token in self.tokens.iter().rev() {
            match *token {
                Token::Text { start, end } => width += (end - start) as isize,
                Token::Infinite => width += INFINITY,
                Token::Break(token) => width += token.blank as isize,
                Token::End => depth += 1,
                Token::Begin { .. } => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
        if width > max {
            self.tokens.push(Token::Infinite);
        }
        self.end();
    }

    /// A box whose breaks all end lines when it does not fit.
    pub(crate) fn cbox(&mut self, offset: isize) {
        self.tokens.push(Token::Begin { offset: offset as i32, consistent: true });
    }

    /// A box whose breaks end lines one by one, as needed (a filled paragraph).
    pub(crate) fn ibox(&mut self, offset: isize) {
        self.tokens.push(Token::Begin { offset: offset as i32, consistent: false });
    }

    /// Closes the innermost box. A box of nothing but one break vanishes,
    /// and an `if_nonempty` break right before the end is dropped.
    pub(crate) fn end(&mut self) {
        let count = self.tokens.len();
        if let Some(Token::Break(last)) = self.tokens.last().copied() {
            if count >= 2 && matches!(self.tokens[count - 2], Token::Begin { .. }) {
                self.tokens.truncate(count - 2);
                return;
            }
            if last.if_nonempty {
                self.tokens.pop();
            }
        }
        self.tokens.push(Token::End);
    }

    fn push_break(&mut self, token: Break) {
        self.tokens.push(Token::Break(token));
    }

    /// A space, or a line end.
    pub(crate) fn space(&mut self) {
        self.push_break(Break { blank: 1, ..Break::default() });
    }

    /// Nothing, or a line end.
    pub(crate) fn zerobreak(&mut self) {
        self.push_break(Break::default());
    }

    /// Always a line end.
    pub(crate) fn hardbreak(&mut self) {
        self.push_break(Break { blank: INFINITY as i32, ..Break::default() });
    }

    /// A line end, unless the box ends right after it.
    pub(crate) fn hardbreak_if_nonempty(&mut self) {
        self.push_break(Break { blank: INFINITY as i32, if_nonempty: true, ..Break::default() });
    }

    /// A space or a line end, unless the box ends right after it.
    pub(crate) fn space_if_nonempty(&mut self) {
        self.push_break(Break { blank: 1, if_nonempty: true, ..Break::default() });
    }

    /// After a match arm's body: `,` when the arm fits on its line; else
    /// the body sits on its own lines in a block, closed by `}`.
    pub(crate) fn arm_end(&mut self) {
        self.push_break(Break {
            offset: -INDENT as i32,
            post_break: Some('}'),
            no_break: Some(','),
            ..Break::default()
        });
    }

    /// Before a match arm's body: nothing, or `{` and a line end.
    pub(crate) fn arm_start(&mut self) {
        self.push_break(Break { pre_break: Some('{'), ..Break::default() });
    }

    /// A break that never ends the line.
    pub(crate) fn neverbreak(&mut self) {
        self.push_break(Break { never: true, ..Break::default() });
    }

    /// After the last element of a list: `,` and a line end when the box
    /// is broken, nothing when flat; between elements `, ` or `,` and a line end.
    pub(crate) fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.push_break(Break { pre_break: Some(','), ..Break::default() });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// [`Layout::trailing_comma`], but a space when flat after the last element
    /// (`Self { a, b }`).
    pub(crate) fn trailing_comma_or_space(&mut self, is_last: bool) {
        if is_last {
            self.push_break(Break { blank: 1, pre_break: Some(','), ..Break::default() });
        } else {
            self.word(",");
            self.space();
        }
    }

    /// Shifts the indentation after the last break (the line of a closing
    /// delimiter sits one level out).
    pub(crate) fn offset(&mut self, offset: isize) {
        if let Some(Token::Break(last)) = self.tokens.last_mut() {
            last.offset += offset as i32;
        }
    }

    /// The size of every box and break: its text up to the next break at
    /// the same or an outer level (a closed box counts as one unit).
    fn sizes(&self) -> Vec<isize> {
        let mut sizes = vec![0; self.tokens.len()];
        // Boxes and breaks whose size is not known yet, innermost last.
        let mut open: Vec<usize> = Vec::new();
        let mut total: isize = 0;
        for (index, token) in self.tokens.iter().enumerate() {
            match *token {
                Token::Text { start, end } => {
                    sizes[index] = (end - start) as isize;
                    total += sizes[index];
                }
                Token::Infinite => {
                    sizes[index] = INFINITY;
                    total += INFINITY;
                }
                Token::Begin { .. } => {
                    sizes[index] = -total;
                    open.push(index);
                }
                Token::End => {
                    sizes[index] = -1;
                    open.push(index);
                }
                Token::Break(token) => {
                    self.settle(&mut open, &mut sizes, total);
                    sizes[index] = -total;
                    open.push(index);
                    total += token.blank as isize;
                }
            }
        }
        self.settle(&mut open, &mut sizes, total);
        sizes
    }

    /// At a break (or the end), the sizes it completes: the previous break
    /// at this level, and every box closed since.
    fn settle(&self, open: &mut Vec<usize>, sizes: &mut [isize], total: isize) {
        let mut depth = 0usize;
        while let Some(&index) = open.last() {
            match self.tokens[index] {
                Token::Begin { .. } => {
                    if depth == 0 {
                        break;
                    }
                    open.pop();
                    sizes[index] += total;
                    depth -= 1;
                }
                Token::End => {
                    open.pop();
                    sizes[index] = 1;
                    depth += 1;
                }
                Token::Break(_) => {
                    open.pop();
                    sizes[index] += total;
                    if depth == 0 {
                        break;
                    }
                }
                Token::Text { .. } | Token::Infinite => unreachable!("text is never pending"),
            }
        }
    }

    /// The laid-out text.
    pub(crate) fn print(&self) -> String {
        let sizes = self.sizes();
        let mut out = String::with_capacity(self.text.len() + self.text.len() / 4);
        let mut frames: Vec<Frame> = Vec::new();
        let (mut space, mut indent, mut pending) = (MARGIN, 0isize, 0isize);
        for (token, &size) in self.tokens.iter().zip(&sizes) {
            match *token {
                Token::Text { start, end } => {
                    push_spaces(&mut out, pending);
                    pending = 0;
                    out.push_str(&self.text[start as usize..end as usize]);
                    space -= (end - start) as isize;
                }
                Token::Infinite => {
                    push_spaces(&mut out, pending);
                    pending = 0;
                }
                Token::Begin { offset, consistent } => {
                    if size > space {
                        frames.push(Frame::Broken { outer_indent: indent, consistent });
                        indent += offset as isize;
                    } else {
                        frames.push(Frame::Fits);
                    }
                }
                Token::End => {
                    if let Some(Frame::Broken { outer_indent, .. }) = frames.pop() {
                        indent = outer_indent;
                    }
                }
                Token::Break(token) => {
                    let fits = token.never
                        || match frames.last() {
                            Some(Frame::Fits) => true,
                            Some(Frame::Broken { consistent: true, .. }) => false,
                            Some(Frame::Broken { consistent: false, .. }) => size <= space,
                            // The file itself: a consistent box that never fits (every
                            // item ends in a hard break), so its breaks all end lines.
                            None => false,
                        };
                    if fits {
                        pending += token.blank as isize;
                        space -= token.blank as isize;
                        if let Some(character) = token.no_break {
                            out.push(character);
                            space -= character.len_utf8() as isize;
                        }
                    } else {
                        if let Some(character) = token.pre_break {
                            push_spaces(&mut out, pending);
                            out.push(character);
                        }
                        out.push('\n');
                        pending = indent + token.offset as isize;
                        space = (MARGIN - pending).max(MIN_SPACE);
                        if let Some(character) = token.post_break {
                            push_spaces(&mut out, pending);
                            pending = 0;
                            out.push(character);
                            space -= character.len_utf8() as isize;
                        }
                    }
                }
            }
        }
        out
    }
}

fn push_spaces(out: &mut String, count: isize) {
    const SPACES: &str = "                                                                ";
    let mut count = count.max(0) as usize;
    while count > 0 {
        let run = count.min(SPACES.len());
        out.push_str(&SPACES[..run]);
        count -= run;
    }
}

/// A byte index into a layout's text, which is one item's or one file's
/// text: far below 4 GiB.
fn text_index(index: usize) -> u32 {
    u32::try_from(index).expect("a layout's text is under 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(layout: &mut Layout, items: &[&str]) {
        layout.word("f(");
        layout.cbox(INDENT);
        layout.zerobreak();
        for (index, item) in items.iter().enumerate() {
            layout.word(item);
            layout.trailing_comma(index + 1 == items.len());
        }
        layout.offset(-INDENT);
        layout.end();
        layout.word(");");
        layout.hardbreak();
    }

    #[test]
    fn a_box_that_fits_is_flat() {
        let mut layout = Layout::new();
        list(&mut layout, &["a", "b"]);
        assert_eq!(layout.print(), "f(a, b);\n");
    }

    #[test]
    fn a_consistent_box_that_does_not_fit_breaks_every_break() {
        let mut layout = Layout::new();
        let long = "x".repeat(50);
        list(&mut layout, &[&long, &long]);
        assert_eq!(layout.print(), format!("f(\n    {long},\n    {long},\n);\n"));
    }

    #[test]
    fn the_text_after_a_box_counts_towards_its_fit() {
        // 84 columns of content + `);` = 88 fits the margin of 89; one more does not.
        let mut layout = Layout::new();
        list(&mut layout, &[&"y".repeat(84)]);
        assert_eq!(layout.print().lines().count(), 1);
        let mut layout = Layout::new();
        list(&mut layout, &[&"y".repeat(86)]);
        assert_eq!(layout.print().lines().count(), 3);
    }

    #[test]
    fn an_inconsistent_box_fills_lines() {
        let mut layout = Layout::new();
        layout.ibox(0);
        for index in 0..40 {
            if index > 0 {
                layout.space();
            }
            layout.word("word");
        }
        layout.end();
        let text = layout.print();
        assert!(text.lines().all(|line| line.len() <= 89), "{text}");
        assert_eq!(text.lines().count(), 3, "{text}");
    }

    #[test]
    fn an_empty_box_vanishes() {
        let mut layout = Layout::new();
        layout.word("(");
        layout.cbox(INDENT);
        layout.zerobreak();
        layout.end();
        layout.word(")");
        assert_eq!(layout.print(), "()");
    }
}
