//! `tests/conformance/pending.txt`: the requests known not to match WordPress yet (the ratchet).
//!
//! One line per request: `NNN METHOD PATH auth=NAME # reason`, where the part before ` # ` is
//! exactly the request's key from `golden/read/index.tsv` (checked, so a renumbered request file
//! cannot silently shift the list). A reason whose first word is `render` means only values at
//! keys named `rendered` differ: the request is still compared without them and must pass that.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::requests::IndexEntry;

/// One listed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingEntry {
    pub reason: String,
}

impl PendingEntry {
    /// `render` / `render: …`: compared with every `rendered` value removed.
    pub fn is_render(&self) -> bool {
        let first = self
            .reason
            .split(|c: char| c.is_whitespace() || c == ':')
            .next()
            .unwrap_or("");
        first == "render"
    }
}

/// The whole list, by request number.
pub type Pending = BTreeMap<u32, PendingEntry>;

/// Parses pending.txt against the golden index.
pub fn parse(text: &str, index: &[IndexEntry]) -> Result<Pending> {
    let by_n: BTreeMap<u32, &IndexEntry> = index.iter().map(|e| (e.n, e)).collect();
    let mut out = Pending::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, reason)) = trimmed.split_once(" # ") else {
            bail!("pending.txt:{line_no}: expected `NNN METHOD PATH auth=NAME # reason`");
        };
        let reason = reason.trim();
        if reason.is_empty() {
            bail!("pending.txt:{line_no}: empty reason");
        }
        let key = key.trim();
        let n: u32 = match key.split_whitespace().next().map(str::parse) {
            Some(Ok(n)) => n,
            _ => bail!("pending.txt:{line_no}: a line starts with the request number"),
        };
        let Some(entry) = by_n.get(&n) else {
            bail!("pending.txt:{line_no}: there is no request {n:03}");
        };
        let canonical = entry.key();
        if key.split_whitespace().ne(canonical.split_whitespace()) {
            bail!("pending.txt:{line_no}: `{key}` does not match index.tsv's `{canonical}`");
        }
        if out
            .insert(
                n,
                PendingEntry {
                    reason: reason.to_owned(),
                },
            )
            .is_some()
        {
            bail!("pending.txt:{line_no}: request {n:03} listed twice");
        }
    }
    Ok(out)
}

/// Writes the list back, in request order, with the format explained on top.
pub fn render(pending: &Pending, index: &[IndexEntry]) -> String {
    let mut out = String::from(
        "# Conformance requests that do not match WordPress yet (see README.md, \"pending.txt\").\n\
         # `NNN METHOD PATH auth=NAME # reason`; the key must equal golden/read/index.tsv's.\n\
         # Reason `render`: only `rendered` values differ; compared without them, must pass.\n\
         # Regenerate: HEADPRESS_UPDATE_PENDING=1 cargo nextest run -p headpress-tests conformance_read\n",
    );
    for entry in index {
        if let Some(p) = pending.get(&entry.n) {
            // Writing to a String cannot fail.
            let _ = writeln!(out, "{} # {}", entry.key(), p.reason);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Vec<IndexEntry> {
        vec![IndexEntry {
            n: 7,
            status: 200,
            method: "GET".into(),
            path: "/wp-json/wp/v2/posts?per_page=5".into(),
            auth: "none".into(),
            file: "007-x.json".into(),
        }]
    }

    #[test]
    fn round_trips_and_checks_keys() -> Result<()> {
        let text = "# c\n007 GET /wp-json/wp/v2/posts?per_page=5 auth=none # render: wpautop\n";
        let pending = parse(text, &index())?;
        assert!(pending[&7].is_render());
        assert_eq!(parse(&render(&pending, &index()), &index())?, pending);
        assert!(parse("007 GET /other auth=none # x\n", &index()).is_err());
        assert!(parse("008 GET /x auth=none # x\n", &index()).is_err());
        assert!(
            parse(
                "007 GET /wp-json/wp/v2/posts?per_page=5 auth=none\n",
                &index()
            )
            .is_err()
        );
        Ok(())
    }
}
