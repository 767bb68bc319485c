//! The conformance request files (`requests-*.txt`), the golden index and credentials: a port
//! of the parsing half of the reference replayer, `../shared/oracle/capture.py`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// Who a request authenticates as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No `Authorization` header (`auth=none`, the default).
    None,
    /// The admin login with a wrong application password (`auth=bad`).
    Bad,
    /// A fixture user by creds name (`auth=admin`, `auth=editor`, …).
    User(String),
}

impl Auth {
    /// The spelling used in request files and `golden/*/index.tsv`.
    pub fn name(&self) -> &str {
        match self {
            Auth::None => "none",
            Auth::Bad => "bad",
            Auth::User(name) => name,
        }
    }
}

/// A request body as written on the line.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Parsed JSON, sent re-serialised as `application/json`.
    Json(Value),
    /// Text that does not parse as JSON; sent verbatim (malformed-JSON tests).
    Raw(String),
}

/// One line of a request file.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: String,
    /// Path and query exactly as written (percent-encoding and `[]` kept).
    pub path: String,
    pub auth: Auth,
    pub headers: Vec<(String, String)>,
    /// `file=RELPATH`: an upload, relative to the requests file.
    pub file: Option<String>,
    /// `as=VAR`: remember the response's `id` for later `{{VAR}}`.
    pub save_as: Option<String>,
    pub body: Option<Body>,
}

/// Parses one non-comment line, as `capture.py`'s `parse_line` does.
pub fn parse_line(line: &str) -> Result<Request> {
    let mut tokens = line.split_whitespace();
    let (Some(method), Some(path)) = (tokens.next(), tokens.next()) else {
        bail!("a request line needs METHOD and PATH: {line:?}");
    };
    let mut req = Request {
        method: method.to_ascii_uppercase(),
        path: path.to_owned(),
        auth: Auth::None,
        headers: Vec::new(),
        file: None,
        save_as: None,
        body: None,
    };
    // Everything after the second whitespace-separated token, like `line.split(None, 2)[2]`.
    let mut rest = after_tokens(line, 2);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if rest.starts_with(['{', '[']) {
            req.body = Some(match serde_json::from_str(rest) {
                Ok(value) => Body::Json(value),
                Err(_) => Body::Raw(rest.to_owned()),
            });
            break;
        }
        let (token, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        rest = tail;
        if let Some(name) = token.strip_prefix("auth=") {
            req.auth = match name {
                "none" => Auth::None,
                "bad" => Auth::Bad,
                other => Auth::User(other.to_owned()),
            };
        } else if let Some(header) = token.strip_prefix("header:") {
            let (name, value) = header.split_once('=').unwrap_or((header, ""));
            req.headers.push((name.to_owned(), value.to_owned()));
        } else if let Some(file) = token.strip_prefix("file=") {
            req.file = Some(file.to_owned());
        } else if let Some(var) = token.strip_prefix("as=") {
            req.save_as = Some(var.to_owned());
        } else {
            bail!("unknown token {token:?} in: {line}");
        }
    }
    Ok(req)
}

/// The text after the first `n` whitespace-separated tokens (Python's `str.split(None, n)[n]`).
fn after_tokens(line: &str, n: usize) -> &str {
    let mut rest = line.trim_start();
    for _ in 0..n {
        match rest.find(char::is_whitespace) {
            Some(end) => rest = rest[end..].trim_start(),
            None => return "",
        }
    }
    rest
}

/// The request lines of a file: blank lines and `#` comments dropped, numbered from 1 in order
/// (the number is the golden file's `NNN`). Every line is syntax-checked up front.
pub fn load_request_lines(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(str::to_owned)
        .collect();
    for (i, line) in lines.iter().enumerate() {
        // Variables are only known while replaying; any number keeps the syntax check honest.
        parse_line(&substitute(line, &|_| Some("1".to_owned()))?)
            .with_context(|| format!("{} request {}", path.display(), i + 1))?;
    }
    Ok(lines)
}

/// Replaces `{{VAR}}` with `lookup(VAR)`; an unknown variable is an error.
pub fn substitute(line: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let name = &rest[start + 2..start + 2 + len];
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            out.push_str(&rest[..start + 2]);
            rest = &rest[start + 2..];
            continue;
        }
        let Some(value) = lookup(name) else {
            bail!("{{{{{name}}}}} used before an as={name}");
        };
        out.push_str(&rest[..start]);
        out.push_str(&value);
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `creds.env`: `KEY=VALUE` lines.
#[derive(Debug, Clone, Default)]
pub struct Creds(HashMap<String, String>);

impl Creds {
    pub fn load(path: &Path) -> Result<Creds> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(Creds::parse(&text))
    }

    pub fn parse(text: &str) -> Creds {
        let map = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Creds(map)
    }

    pub fn get(&self, key: &str) -> Result<&str> {
        self.0
            .get(key)
            .map(String::as_str)
            .with_context(|| format!("creds.env has no {key}"))
    }

    /// `login:password` for the `Authorization: Basic` header, or `None` for anonymous.
    pub fn basic_credentials(&self, auth: &Auth) -> Result<Option<String>> {
        Ok(match auth {
            Auth::None => None,
            // capture.py's fixed wrong password: WordPress then runs the request anonymously.
            Auth::Bad => Some(format!(
                "{}:wrongwrongwrongwrongwron",
                self.get("ADMIN_USER")?
            )),
            Auth::User(name) => {
                let key = name.to_ascii_uppercase();
                Some(format!(
                    "{}:{}",
                    self.get(&format!("{key}_USER"))?,
                    self.get(&format!("{key}_APP_PASSWORD"))?
                ))
            }
        })
    }
}

/// One row of `golden/<set>/index.tsv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub n: u32,
    pub status: u16,
    pub method: String,
    pub path: String,
    pub auth: String,
    pub file: String,
}

impl IndexEntry {
    /// `NNN METHOD PATH auth=NAME`: how pending.txt and reports name a request.
    pub fn key(&self) -> String {
        format!(
            "{:03} {} {} auth={}",
            self.n, self.method, self.path, self.auth
        )
    }
}

/// Reads `index.tsv` (header line `n status method path auth file`).
pub fn load_index(path: &Path) -> Result<Vec<IndexEntry>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [n, status, method, path_, auth, file] = cols[..] else {
            bail!(
                "{}:{}: expected 6 tab-separated columns",
                path.display(),
                i + 1
            );
        };
        out.push(IndexEntry {
            n: n.parse()
                .with_context(|| format!("{}:{}: bad n", path.display(), i + 1))?,
            status: status
                .parse()
                .with_context(|| format!("{}:{}: bad status", path.display(), i + 1))?,
            method: method.to_owned(),
            path: path_.to_owned(),
            auth: auth.to_owned(),
            file: file.to_owned(),
        });
    }
    Ok(out)
}

/// A golden answer: what WordPress said.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Golden {
    pub status: u16,
    /// Selected headers; a value is a string, or a list when the header repeated.
    pub headers: serde_json::Map<String, Value>,
    /// Parsed JSON body; `null` for HEAD, empty or non-JSON answers.
    pub body: Value,
    #[serde(default)]
    pub body_text: Option<String>,
}

impl Golden {
    pub fn load(path: &Path) -> Result<Golden> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tokens_and_body() -> Result<()> {
        let req = parse_line(
            r#"post /wp-json/wp/v2/posts auth=admin header:X-A=b=c as=P {"title": "a # b"}"#,
        )?;
        assert_eq!(req.method, "POST");
        assert_eq!(req.path, "/wp-json/wp/v2/posts");
        assert_eq!(req.auth, Auth::User("admin".into()));
        assert_eq!(req.headers, vec![("X-A".to_owned(), "b=c".to_owned())]);
        assert_eq!(req.save_as.as_deref(), Some("P"));
        assert_eq!(
            req.body,
            Some(Body::Json(serde_json::json!({"title": "a # b"})))
        );
        let raw = parse_line("POST /x {not json")?;
        assert_eq!(raw.body, Some(Body::Raw("{not json".into())));
        assert!(parse_line("GET /x bogus").is_err());
        Ok(())
    }

    #[test]
    fn substitutes_variables() -> Result<()> {
        let lookup = |name: &str| (name == "P").then(|| "42".to_owned());
        assert_eq!(
            substitute("GET /posts/{{P}}?x={{P}}", &lookup)?,
            "GET /posts/42?x=42"
        );
        assert!(substitute("GET /posts/{{Q}}", &lookup).is_err());
        Ok(())
    }
}
