//! The block parser (`WP_Block_Parser`), `do_blocks()` and `excerpt_remove_blocks()`.

use serde_json::Value;

use super::RenderContext;
use super::autop::wpautop;
use super::pcre::{S, pattern};

/// One parsed block, shaped like the arrays `parse_blocks()` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedBlock {
    /// `core/paragraph` and the like; `None` for freeform (classic) HTML between blocks.
    pub block_name: Option<String>,
    /// The JSON attributes from the delimiter comment: `{}` when absent, `null` when invalid.
    pub attrs: Value,
    /// Nested blocks, in order.
    pub inner_blocks: Vec<ParsedBlock>,
    /// The block's own saved HTML with the inner blocks cut out.
    pub inner_html: String,
    /// HTML chunks interleaved with `None` where an inner block goes.
    pub inner_content: Vec<Option<String>>,
}

impl ParsedBlock {
    fn new(block_name: Option<String>, attrs: Value) -> Self {
        Self {
            block_name,
            attrs,
            inner_blocks: Vec::new(),
            inner_html: String::new(),
            inner_content: Vec::new(),
        }
    }

    fn freeform(html: &str) -> Self {
        Self {
            block_name: None,
            attrs: empty_attrs(),
            inner_blocks: Vec::new(),
            inner_html: html.to_owned(),
            inner_content: vec![Some(html.to_owned())],
        }
    }
}

fn empty_attrs() -> Value {
    Value::Object(serde_json::Map::new())
}

// `WP_Block_Parser::next_token()`'s pattern is
//   <!--\s+(?P<closer>/)?wp:(?P<namespace>…/)?(?P<name>…)\s+(?P<attrs>{(?:…)*+}\s+)?(?P<void>/)?-->
// Its attributes part runs (possessively) to the first `}\s+/?-->` after the `{`, so a
// document full of unterminated `<!-- wp:a {` made each search quadratic. It is matched here
// in two linear steps with the same result: the token's head by pattern, then the attributes'
// end looked up among the document's `}\s+/?-->` positions, found once per document.
pattern!(
    BLOCK_TOKEN_HEAD,
    format!(
        r"<!--{S}+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*){S}+"
    )
);
pattern!(ATTRS_END, format!(r"\}}{S}+(?P<void>/)?-->"));
pattern!(TOKEN_END, r"^(?P<void>/)?-->");

enum Token {
    NoMore,
    Void {
        name: String,
        attrs: Value,
        start: usize,
        len: usize,
    },
    Opener {
        name: String,
        attrs: Value,
        start: usize,
        len: usize,
    },
    Closer {
        start: usize,
        len: usize,
    },
}

struct Frame {
    block: ParsedBlock,
    token_start: usize,
    token_length: usize,
    prev_offset: usize,
    leading_html_start: Option<usize>,
}

/// PHP's `empty()` on a string: "" and "0" are both empty.
fn php_empty(text: &str) -> bool {
    text.is_empty() || text == "0"
}

struct Parser<'d> {
    document: &'d str,
    offset: usize,
    output: Vec<ParsedBlock>,
    stack: Vec<Frame>,
    /// Where each `}\s+/?-->` of the document starts and ends, and whether it has the `/`
    /// (found on first use).
    attrs_ends: Option<Vec<(usize, usize, bool)>>,
}

impl<'d> Parser<'d> {
    fn slice(&self, start: usize, end: usize) -> &'d str {
        self.document.get(start..end.max(start)).unwrap_or("")
    }

    fn next_token(&mut self) -> Token {
        let Some(head) = BLOCK_TOKEN_HEAD.as_ref() else {
            return Token::NoMore;
        };
        let mut from = self.offset;
        loop {
            let Ok(Some(caps)) = head.captures_from_pos(self.document, from) else {
                return Token::NoMore;
            };
            let Some(whole) = caps.get(0) else {
                return Token::NoMore;
            };
            let start = whole.start();
            let Some((attrs, end, void)) = self.token_tail(whole.end()) else {
                // Not a token after all; the next one may start inside this head.
                from = start + 1;
                continue;
            };
            let len = end - start;
            let namespace = caps.name("namespace").map_or("core/", |m| m.as_str());
            let name = format!(
                "{namespace}{}",
                caps.name("name").map_or("", |m| m.as_str())
            );
            let attrs = match attrs {
                Some(json) => serde_json::from_str(json).unwrap_or(Value::Null),
                None => empty_attrs(),
            };
            return if void {
                Token::Void {
                    name,
                    attrs,
                    start,
                    len,
                }
            } else if caps.name("closer").is_some() {
                Token::Closer { start, len }
            } else {
                Token::Opener {
                    name,
                    attrs,
                    start,
                    len,
                }
            };
        }
    }

    /// The rest of a token whose head ends at `at`: its attributes' JSON (when it has some),
    /// where the token ends and whether it is void; `None` when no token starts there.
    fn token_tail(&mut self, at: usize) -> Option<(Option<&'d str>, usize, bool)> {
        let document = self.document;
        let rest = document.get(at..)?;
        if rest.starts_with('{') {
            let ends = self.attrs_ends.get_or_insert_with(|| {
                ATTRS_END.as_ref().map_or_else(Vec::new, |regex| {
                    regex
                        .captures_iter(document)
                        .filter_map(Result::ok)
                        .filter_map(|c| {
                            let m = c.get(0)?;
                            Some((m.start(), m.end(), c.name("void").is_some()))
                        })
                        .collect()
                })
            });
            // The first `}` closing the attributes: the JSON may be `{}` itself.
            let content = at + 1;
            let i = ends.partition_point(|(brace, _, _)| *brace < content);
            let (brace, end, void) = *ends.get(i)?;
            Some((document.get(at..=brace), end, void))
        } else {
            let caps = TOKEN_END.as_ref()?.captures(rest).ok()??;
            let end = at + caps.get(0)?.end();
            Some((None, end, caps.name("void").is_some()))
        }
    }

    fn add_freeform(&mut self) {
        let rest = self.slice(self.offset, self.document.len());
        if !rest.is_empty() {
            self.output.push(ParsedBlock::freeform(rest));
        }
    }

    fn add_inner_block(
        &mut self,
        block: ParsedBlock,
        token_start: usize,
        token_length: usize,
        last_offset: Option<usize>,
    ) {
        let document = self.document;
        let Some(parent) = self.stack.last_mut() else {
            return;
        };
        parent.block.inner_blocks.push(block);
        let html = document
            .get(parent.prev_offset..token_start.max(parent.prev_offset))
            .unwrap_or("");
        if !php_empty(html) {
            parent.block.inner_html.push_str(html);
            parent.block.inner_content.push(Some(html.to_owned()));
        }
        parent.block.inner_content.push(None);
        parent.prev_offset = last_offset.unwrap_or(token_start + token_length);
    }

    /// Bytes WordPress copies when the document ends inside blocks: every unclosed block
    /// becomes a top-level block holding the rest of the document.
    fn unclosed_copies(&self) -> usize {
        self.stack
            .iter()
            .map(|frame| self.document.len().saturating_sub(frame.prev_offset))
            .sum()
    }

    /// Ends unclosed blocks at the end of the document, each inside its parent, so the output
    /// stays the size of the input. Only for documents where WordPress's copies would exceed
    /// [`unclosed_copy_budget`]: deep unclosed nesting makes its output quadratic, and nested
    /// `do_blocks` (an excerpt's blocks, re-parsed by `the_content`) multiplies that again,
    /// until PHP runs out of memory.
    fn close_unclosed_in_place(&mut self) {
        let end = self.document.len();
        while self.stack.len() > 1 {
            let Some(mut top) = self.stack.pop() else {
                return;
            };
            let html = self.slice(top.prev_offset, end);
            if !php_empty(html) {
                top.block.inner_html.push_str(html);
                top.block.inner_content.push(Some(html.to_owned()));
            }
            // The parent keeps its text up to this block's opener, as when a closer is found.
            self.add_inner_block(top.block, top.token_start, top.token_length, Some(end));
        }
        self.add_block_from_stack(None);
    }

    fn add_block_from_stack(&mut self, end_offset: Option<usize>) {
        let Some(mut top) = self.stack.pop() else {
            return;
        };
        let html = self.slice(top.prev_offset, end_offset.unwrap_or(self.document.len()));
        if !php_empty(html) {
            top.block.inner_html.push_str(html);
            top.block.inner_content.push(Some(html.to_owned()));
        }
        if let Some(leading) = top.leading_html_start {
            let html = self.slice(leading, top.token_start);
            self.output.push(ParsedBlock::freeform(html));
        }
        self.output.push(top.block);
    }

    /// One step of `WP_Block_Parser::proceed()`; false when parsing is done.
    fn proceed(&mut self) -> bool {
        let token = self.next_token();
        let depth = self.stack.len();
        let leading_html_start = |start: usize, offset: usize| (start > offset).then_some(offset);
        match token {
            Token::NoMore => {
                if depth == 0 {
                    self.add_freeform();
                } else if self.unclosed_copies() <= unclosed_copy_budget(self.document.len()) {
                    while !self.stack.is_empty() {
                        self.add_block_from_stack(None);
                    }
                } else {
                    self.close_unclosed_in_place();
                }
                false
            }
            Token::Void {
                name,
                attrs,
                start,
                len,
            } => {
                let block = ParsedBlock::new(Some(name), attrs);
                if depth == 0 {
                    if let Some(leading) = leading_html_start(start, self.offset) {
                        let html = self.slice(leading, start);
                        self.output.push(ParsedBlock::freeform(html));
                    }
                    self.output.push(block);
                } else {
                    self.add_inner_block(block, start, len, None);
                }
                self.offset = start + len;
                true
            }
            Token::Opener {
                name,
                attrs,
                start,
                len,
            } => {
                self.stack.push(Frame {
                    block: ParsedBlock::new(Some(name), attrs),
                    token_start: start,
                    token_length: len,
                    prev_offset: start + len,
                    leading_html_start: leading_html_start(start, self.offset),
                });
                self.offset = start + len;
                true
            }
            Token::Closer { start, len } => {
                if depth == 0 {
                    // An unexpected closer: the rest of the document is freeform HTML.
                    self.add_freeform();
                    return false;
                }
                if depth == 1 {
                    self.add_block_from_stack(Some(start));
                    self.offset = start + len;
                    return true;
                }
                let Some(mut top) = self.stack.pop() else {
                    return false;
                };
                let html = self.slice(top.prev_offset, start);
                top.block.inner_html.push_str(html);
                top.block.inner_content.push(Some(html.to_owned()));
                top.prev_offset = start + len;
                self.add_inner_block(
                    top.block,
                    top.token_start,
                    top.token_length,
                    Some(start + len),
                );
                self.offset = start + len;
                true
            }
        }
    }
}

/// How many bytes of copies of the document's end WordPress's handling of unclosed blocks
/// may make before the parser closes them in place instead: far more than any real post
/// (a few unclosed blocks at the end), far less than the quadratic worst case.
fn unclosed_copy_budget(document_len: usize) -> usize {
    document_len.saturating_mul(4).saturating_add(64 * 1024)
}

/// Mirrors `parse_blocks()` with the default `WP_Block_Parser`.
pub fn parse_blocks(document: &str) -> Vec<ParsedBlock> {
    let mut parser = Parser {
        document,
        offset: 0,
        output: Vec::new(),
        stack: Vec::new(),
        attrs_ends: None,
    };
    while parser.proceed() {}
    parser.output
}

/// Mirrors `has_blocks()` on a string.
pub fn has_blocks(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// Mirrors `render_block()`: inner blocks are rendered in place, then a dynamic block's
/// renderer (the built-in `core/shortcode`, or `ctx.dynamic_blocks`) may replace the result.
pub fn render_block(block: &ParsedBlock, ctx: &RenderContext<'_>) -> String {
    let mut content = String::with_capacity(block.inner_html.len());
    let mut inner = block.inner_blocks.iter();
    for chunk in &block.inner_content {
        match chunk {
            Some(html) => content.push_str(html),
            None => {
                if let Some(inner_block) = inner.next() {
                    content.push_str(&render_block(inner_block, ctx));
                }
            }
        }
    }
    let Some(name) = block.block_name.as_deref() else {
        return content;
    };
    if name == "core/shortcode" {
        // render_block_core_shortcode(): the saved shortcode text goes through wpautop.
        return wpautop(&content);
    }
    if let Some(dynamic) = ctx.dynamic_blocks
        && let Some(rendered) = dynamic.render(name, &block.attrs, &content)
    {
        return rendered;
    }
    content
}

/// Mirrors `do_blocks()`: renders every top-level block. (The caller skips wpautop when
/// [`has_blocks`] was true, as `do_blocks()` unhooks it.)
pub fn do_blocks(content: &str, ctx: &RenderContext<'_>) -> String {
    parse_blocks(content)
        .iter()
        .map(|block| render_block(block, ctx))
        .collect()
}

const EXCERPT_INNER_BLOCKS: &[&str] = &[
    "core/freeform",
    "core/heading",
    "core/html",
    "core/list",
    "core/media-text",
    "core/paragraph",
    "core/preformatted",
    "core/pullquote",
    "core/quote",
    "core/table",
    "core/verse",
];
const EXCERPT_WRAPPER_BLOCKS: &[&str] = &["core/columns", "core/column", "core/group"];

fn allowed_inner(name: Option<&str>) -> bool {
    name.is_none_or(|name| EXCERPT_INNER_BLOCKS.contains(&name))
}

fn allowed_in_excerpt(name: Option<&str>) -> bool {
    allowed_inner(name) || name.is_some_and(|name| EXCERPT_WRAPPER_BLOCKS.contains(&name))
}

fn render_excerpt_inner_blocks(block: &ParsedBlock, ctx: &RenderContext<'_>) -> String {
    let mut output = String::new();
    for inner in &block.inner_blocks {
        if !allowed_in_excerpt(inner.block_name.as_deref()) {
            continue;
        }
        if inner.inner_blocks.is_empty() {
            output.push_str(&render_block(inner, ctx));
        } else {
            output.push_str(&render_excerpt_inner_blocks(inner, ctx));
        }
    }
    output
}

/// Mirrors `excerpt_remove_blocks()`: keeps only blocks that make sense in an excerpt.
pub fn excerpt_remove_blocks(content: &str, ctx: &RenderContext<'_>) -> String {
    let mut output = String::new();
    for block in parse_blocks(content) {
        let name = block.block_name.as_deref();
        if !allowed_in_excerpt(name) {
            continue;
        }
        if !block.inner_blocks.is_empty() {
            if name.is_some_and(|name| EXCERPT_WRAPPER_BLOCKS.contains(&name)) {
                output.push_str(&render_excerpt_inner_blocks(&block, ctx));
                continue;
            }
            let disallowed = block.inner_blocks.iter().any(|inner| {
                !allowed_inner(inner.block_name.as_deref()) || !inner.inner_blocks.is_empty()
            });
            if disallowed {
                continue;
            }
        }
        output.push_str(&render_block(&block, ctx));
    }
    output
}

#[cfg(test)]
mod token_tests {
    use super::*;

    // `WP_Block_Parser`'s own token pattern, run by the backtracking engine: the reference.
    pattern!(
        BLOCK_TOKEN,
        format!(
            r"(?s)<!--{S}+(?P<closer>/)?wp:(?P<namespace>[a-z][a-z0-9_-]*/)?(?P<name>[a-z][a-z0-9_-]*){S}+(?P<attrs>\{{(?:(?:[^}}]+|\}}+(?=\}})|(?!\}}{S}+/?-->).)*+)?\}}{S}+)?(?P<void>/)?-->"
        )
    );

    fn tokens_by_regex(text: &str) -> Vec<String> {
        let Some(regex) = BLOCK_TOKEN.as_ref() else {
            return vec!["bad pattern".into()];
        };
        regex
            .captures_iter(text)
            .map(|caps| match caps {
                Ok(c) => {
                    let m = c.get(0).map(|m| (m.start(), m.end() - m.start()));
                    let kind = if c.name("void").is_some() {
                        "void"
                    } else if c.name("closer").is_some() {
                        "closer"
                    } else {
                        "opener"
                    };
                    format!(
                        "{m:?} {kind} {:?}{:?} {:?}",
                        c.name("namespace").map(|m| m.as_str()),
                        c.name("name").map(|m| m.as_str()),
                        c.name("attrs").map(|m| m.as_str())
                    )
                }
                Err(_) => "limit".into(),
            })
            .collect()
    }

    fn tokens_by_parser(text: &str) -> Vec<String> {
        let mut parser = Parser {
            document: text,
            offset: 0,
            output: Vec::new(),
            stack: Vec::new(),
            attrs_ends: None,
        };
        let mut out = Vec::new();
        loop {
            let at = parser.offset;
            let (start, len, kind) = match parser.next_token() {
                Token::NoMore => return out,
                Token::Void { start, len, .. } => (start, len, "void"),
                Token::Closer { start, len } => (start, len, "closer"),
                Token::Opener { start, len, .. } => (start, len, "opener"),
            };
            // The head and the attributes' text, re-read from the document.
            let head = BLOCK_TOKEN_HEAD
                .as_ref()
                .and_then(|r| r.captures_from_pos(text, at).ok().flatten());
            let head = head.filter(|h| h.get(0).is_some_and(|m| m.start() == start));
            let attrs = head.as_ref().and_then(|h| {
                let end = h.get(0)?.end();
                parser.token_tail(end).and_then(|(attrs, _, _)| attrs)
            });
            // The pattern's `attrs` group runs on over the whitespace after `}`, up to the
            // closing `-->` (or `/-->`).
            let attrs = attrs.map(|a| {
                let json_start = a.as_ptr() as usize - text.as_ptr() as usize;
                let end = start + len - if kind == "void" { 4 } else { 3 };
                text.get(json_start..end).unwrap_or("").to_owned()
            });
            out.push(format!(
                "{:?} {kind} {:?}{:?} {:?}",
                Some((start, len)),
                head.as_ref()
                    .and_then(|h| h.name("namespace"))
                    .map(|m| m.as_str()),
                head.as_ref()
                    .and_then(|h| h.name("name"))
                    .map(|m| m.as_str()),
                attrs
            ));
            parser.offset = start + len;
        }
    }

    #[test]
    fn tokens_are_what_wordpress_pattern_finds() {
        const PIECES: &[&str] = &[
            "<!-- ",
            "<!--",
            "wp:",
            "/wp:",
            "core/",
            "a",
            "para",
            " ",
            "\n",
            "{",
            "}",
            "}}",
            "\"k\":1",
            " -->",
            "-->",
            " /-->",
            "/",
            "x",
            "é",
            "<!-- wp:a {",
            "} -->",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut tokens = 0;
        for _ in 0..4000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for _ in 0..1 + (state % 16) as usize {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            let want = tokens_by_regex(&text);
            tokens += want.len();
            assert_eq!(tokens_by_parser(&text), want, "text: {text:?}");
        }
        assert!(
            tokens > 200,
            "only {tokens} tokens in all: the texts prove little"
        );
    }
}

#[cfg(test)]
mod unclosed_tests {
    use super::*;

    fn parsed_bytes(blocks: &[ParsedBlock]) -> usize {
        blocks
            .iter()
            .map(|b| b.inner_html.len() + parsed_bytes(&b.inner_blocks))
            .sum()
    }

    #[test]
    fn a_few_unclosed_blocks_are_copied_as_wordpress_copies_them() {
        // WordPress 6.1's `WP_Block_Parser` (checked with PHP): each unclosed block becomes a
        // top-level block with the rest of the text, after its leading HTML.
        let blocks = parse_blocks("<!-- wp:group -->a<!-- wp:quote -->b");
        let html: Vec<&str> = blocks.iter().map(|b| b.inner_html.as_str()).collect();
        assert_eq!(html, ["a", "b", "a<!-- wp:quote -->b"]);
    }

    #[test]
    fn deeply_unclosed_blocks_do_not_multiply_the_text() {
        // From a fuzzer's timeout: nested unclosed blocks made WordPress's copies quadratic,
        // and an excerpt's re-parse multiplied them again.
        let document = "<!-- wp:group --><div>text ".repeat(3000);
        let blocks = parse_blocks(&document);
        let bytes = parsed_bytes(&blocks);
        assert!(
            bytes <= unclosed_copy_budget(document.len()),
            "{bytes} bytes parsed from {}",
            document.len()
        );
        // Nothing is lost: every block's text is there once.
        assert_eq!(bytes, "<div>text ".len() * 3000);
        let ctx = RenderContext::new("http://example.com");
        assert!(crate::render::the_excerpt("", &document, &ctx).len() < 1000);
    }
}
