//! Replays `tests/conformance/requests-read.txt` on the fixture on all three backends and
//! compares every answer with WordPress 6.1.9's (tests/conformance/README.md explains it all).
//!
//! One test, not one per backend: pending.txt is one shared list, and "listed but passes" can
//! only be decided once every backend has answered.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use headpress_tests::backends::{Backend, fixture_sites, open_app};
use headpress_tests::compare::{self, Options};
use headpress_tests::pending::{self, Pending, PendingEntry};
use headpress_tests::replay::{self, Variables};
use headpress_tests::requests::{
    Creds, Golden, IndexEntry, load_index, load_request_lines, parse_line, substitute,
};

/// A request taking longer than this is a failure (and does not hang the suite).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything a backend's replay needs, shared between the concurrent replays.
struct Suite {
    dir: std::path::PathBuf,
    creds: Creds,
    lines: Vec<String>,
    index: Vec<IndexEntry>,
    goldens: Vec<Golden>,
    only: Option<BTreeSet<u32>>,
}

/// One request's comparison on one backend.
#[derive(Debug, Default, Clone)]
struct Outcome {
    /// Differences under the strict comparison; empty = passes.
    full: Vec<String>,
    /// Differences once `rendered` values are removed.
    stripped: Vec<String>,
}

impl Outcome {
    fn error(message: String) -> Outcome {
        Outcome {
            full: vec![message.clone()],
            stripped: vec![message],
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_read() -> Result<()> {
    let started = Instant::now();
    let suite = Arc::new(load_suite()?);
    let pending_path = suite.dir.join("pending.txt");
    let pending = match std::fs::read_to_string(&pending_path) {
        Ok(text) => pending::parse(&text, &suite.index)?,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Pending::new(),
        Err(err) => return Err(err).context("reading pending.txt"),
    };

    let sites = fixture_sites(&Backend::ALL).await?;
    let setup = started.elapsed();
    let mut replays = tokio::task::JoinSet::new();
    for (backend, url) in sites.sites.clone() {
        let suite = suite.clone();
        replays.spawn(async move {
            let outcome = replay_backend(&suite, &url).await;
            (backend, outcome)
        });
    }
    let mut runs: BTreeMap<Backend, BTreeMap<u32, Outcome>> = BTreeMap::new();
    let mut broken = Vec::new();
    while let Some(joined) = replays.join_next().await {
        match joined {
            Ok((backend, Ok(outcomes))) => {
                runs.insert(backend, outcomes);
            }
            Ok((backend, Err(err))) => broken.push(format!("[{backend}] {err:#}")),
            Err(err) => broken.push(format!("a replay task failed: {err}")),
        }
    }
    sites.cleanup().await;
    if !broken.is_empty() {
        bail!("conformance replay could not run:\n{}", broken.join("\n"));
    }
    let skipped: Vec<Backend> = Backend::ALL
        .into_iter()
        .filter(|b| !runs.contains_key(b))
        .collect();
    if runs.is_empty() {
        eprintln!("conformance_read: no backend available, nothing compared");
        return Ok(());
    }

    for (backend, outcomes) in &runs {
        let passed = outcomes.values().filter(|o| o.full.is_empty()).count();
        eprintln!(
            "conformance_read [{backend}]: {passed}/{} match WordPress",
            outcomes.len()
        );
    }
    eprintln!(
        "conformance_read: setup {:.1}s, total {:.1}s",
        setup.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );

    if std::env::var_os("HEADPRESS_UPDATE_PENDING").is_some_and(|v| v == "1") {
        ensure!(
            skipped.is_empty() && suite.only.is_none(),
            "HEADPRESS_UPDATE_PENDING needs all three backends and no HEADPRESS_CONFORMANCE_ONLY"
        );
        let updated = update_pending(&suite.index, &pending, &runs);
        std::fs::write(&pending_path, pending::render(&updated, &suite.index))
            .with_context(|| format!("writing {}", pending_path.display()))?;
        eprintln!(
            "conformance_read: wrote {} ({} pending)",
            pending_path.display(),
            updated.len()
        );
        return Ok(());
    }

    let failures = ratchet(&suite, &pending, &runs, skipped.is_empty());
    if !failures.is_empty() {
        bail!(
            "{} conformance problem(s):\n\n{}\n\n(HEADPRESS_UPDATE_PENDING=1 rewrites pending.txt \
             from these results; see tests/conformance/README.md)",
            failures.len(),
            failures.join("\n\n")
        );
    }
    Ok(())
}

fn load_suite() -> Result<Suite> {
    let dir = headpress_tests::backends::conformance_dir();
    let creds = Creds::load(&dir.join("creds.env"))?;
    let lines = load_request_lines(&dir.join("requests-read.txt"))?;
    let golden_dir = dir.join("golden/read");
    let index = load_index(&golden_dir.join("index.tsv"))?;
    ensure!(
        lines.len() == index.len(),
        "requests-read.txt has {} requests but golden/read/index.tsv {}",
        lines.len(),
        index.len()
    );
    let mut goldens = Vec::with_capacity(index.len());
    for (i, (line, entry)) in lines.iter().zip(&index).enumerate() {
        ensure!(
            entry.n as usize == i + 1,
            "index.tsv row {} is numbered {}",
            i + 1,
            entry.n
        );
        // The read set uses no variables; a placeholder keeps the check meaningful if it does.
        let req = parse_line(&substitute(line, &|_| Some("1".to_owned()))?)?;
        ensure!(
            req.method == entry.method && req.path == entry.path && req.auth.name() == entry.auth,
            "request {:03} `{line}` does not match index.tsv's `{}`",
            entry.n,
            entry.key()
        );
        goldens.push(Golden::load(&golden_dir.join(&entry.file))?);
    }
    let only = match std::env::var("HEADPRESS_CONFORMANCE_ONLY") {
        Ok(list) if !list.trim().is_empty() => Some(
            list.split(',')
                .map(|n| n.trim().parse::<u32>())
                .collect::<Result<BTreeSet<u32>, _>>()
                .context("HEADPRESS_CONFORMANCE_ONLY is a comma-separated list of numbers")?,
        ),
        _ => None,
    };
    Ok(Suite {
        dir,
        creds,
        lines,
        index,
        goldens,
        only,
    })
}

/// Replays every request in order on one backend.
async fn replay_backend(suite: &Suite, url: &str) -> Result<BTreeMap<u32, Outcome>> {
    let app = open_app(url).await?;
    let endpoint = app.endpoint();
    let mut variables = Variables::default();
    let mut outcomes = BTreeMap::new();
    for ((line, entry), golden) in suite.lines.iter().zip(&suite.index).zip(&suite.goldens) {
        if suite
            .only
            .as_ref()
            .is_some_and(|only| !only.contains(&entry.n))
        {
            continue;
        }
        let outcome = match replay_one(suite, &endpoint, &mut variables, line).await {
            Ok(captured) => Outcome {
                full: compare::compare(
                    &entry.method,
                    &entry.path,
                    golden,
                    &captured,
                    Options::default(),
                ),
                stripped: compare::compare(
                    &entry.method,
                    &entry.path,
                    golden,
                    &captured,
                    Options {
                        strip_rendered: true,
                    },
                ),
            },
            Err(err) => Outcome::error(format!("harness: {err:#}")),
        };
        outcomes.insert(entry.n, outcome);
    }
    Ok(outcomes)
}

async fn replay_one(
    suite: &Suite,
    endpoint: &poem::endpoint::BoxEndpoint<'static, poem::Response>,
    variables: &mut Variables,
    line: &str,
) -> Result<headpress_tests::compare::Captured> {
    let req = parse_line(&substitute(line, &|v| variables.get(v))?)?;
    let request = replay::build(&req, &suite.creds, &suite.dir)?;
    let captured = tokio::time::timeout(REQUEST_TIMEOUT, replay::send(endpoint, request))
        .await
        .map_err(|_| anyhow::anyhow!("no answer within {REQUEST_TIMEOUT:?}"))??;
    if let Some(var) = &req.save_as {
        variables.remember(var, &captured.body);
    }
    Ok(captured)
}

/// The ratchet: unlisted requests must pass on every backend; `render` ones must pass without
/// `rendered`; a listed request that passes on all three backends must leave the list.
fn ratchet(
    suite: &Suite,
    pending: &Pending,
    runs: &BTreeMap<Backend, BTreeMap<u32, Outcome>>,
    all_backends: bool,
) -> Vec<String> {
    let verbose = std::env::var_os("HEADPRESS_CONFORMANCE_VERBOSE").is_some_and(|v| v == "1")
        || suite.only.is_some();
    let mut failures = Vec::new();
    for entry in &suite.index {
        let per_backend: Vec<(Backend, &Outcome)> = runs
            .iter()
            .filter_map(|(b, outcomes)| outcomes.get(&entry.n).map(|o| (*b, o)))
            .collect();
        if per_backend.is_empty() {
            continue;
        }
        let listed = pending.get(&entry.n);
        for (backend, outcome) in &per_backend {
            let (problems, what) = match listed {
                None => (&outcome.full, "differs from WordPress"),
                Some(p) if p.is_render() => (
                    &outcome.stripped,
                    "is pending as `render` but differs beyond `rendered` values",
                ),
                Some(_) => {
                    if verbose && !outcome.full.is_empty() {
                        eprintln!("{}", describe(*backend, entry, "(pending)", &outcome.full));
                    }
                    continue;
                }
            };
            if !problems.is_empty() {
                failures.push(describe(*backend, entry, what, problems));
            }
        }
        if let Some(p) = listed {
            let passes_everywhere = per_backend.iter().all(|(_, o)| o.full.is_empty());
            if passes_everywhere && all_backends {
                failures.push(format!(
                    "{} ({}) now passes, remove it from pending.txt (reason was: {})",
                    entry.key(),
                    entry.file,
                    p.reason
                ));
            } else if passes_everywhere {
                eprintln!(
                    "note: {} passes on the backends that ran; pending.txt may be stale",
                    entry.key()
                );
            }
        }
    }
    failures
}

fn describe(backend: Backend, entry: &IndexEntry, what: &str, problems: &[String]) -> String {
    let mut out = format!(
        "[{backend}] {} {what}\n    golden: {}",
        entry.key(),
        entry.file
    );
    for problem in problems {
        out.push_str("\n    ");
        out.push_str(problem);
    }
    out
}

/// pending.txt from the current results: every request failing on some backend, with its old
/// reason when it has one (unless a `render` entry now differs beyond `rendered`), else `todo:`.
fn update_pending(
    index: &[IndexEntry],
    old: &Pending,
    runs: &BTreeMap<Backend, BTreeMap<u32, Outcome>>,
) -> Pending {
    let mut out = Pending::new();
    for entry in index {
        let failing: Vec<(Backend, &Outcome)> = runs
            .iter()
            .filter_map(|(b, outcomes)| outcomes.get(&entry.n).map(|o| (*b, o)))
            .filter(|(_, o)| !o.full.is_empty())
            .collect();
        let Some((_, first)) = failing.first() else {
            continue;
        };
        let only_rendered = failing.iter().all(|(_, o)| o.stripped.is_empty());
        // The backends to look at: those differing beyond `rendered` when there are any.
        let backends: Vec<&str> = failing
            .iter()
            .filter(|(_, o)| only_rendered || !o.stripped.is_empty())
            .map(|(b, _)| b.name())
            .collect();
        // Name the first difference that is not a `rendered` value, when there is one.
        let first_problem = failing
            .iter()
            .find_map(|(_, o)| o.stripped.first())
            .or_else(|| first.full.first())
            .map(|p| shorten(p, 120))
            .unwrap_or_default();
        let summary = format!(
            "[{}] {first_problem}{}",
            backends.join(","),
            if only_rendered {
                " (only `rendered` values differ)"
            } else {
                ""
            }
        );
        let reason = match old.get(&entry.n) {
            Some(p) if p.is_render() && !only_rendered => {
                format!("todo: (was `{}`) {summary}", p.reason)
            }
            Some(p) => p.reason.clone(),
            None => format!("todo: {summary}"),
        };
        out.insert(entry.n, PendingEntry { reason });
    }
    out
}

fn shorten(text: &str, max: usize) -> String {
    // One line per entry: newlines in a body excerpt would break the file format.
    let flat = text.replace(['\n', '\r'], " ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max).collect::<String>())
    }
}
