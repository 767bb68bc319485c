//! Replays WordPress 6.1's recorded answers (`tests/conformance/`) against Headpress serving
//! the same site on SQLite, PostgreSQL and MariaDB, with the pending-list ratchet.

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use headpress_tests::backends::{Backend, available, conformance_dir, fixture_site};
use headpress_tests::replay::{Pending, compare, load_creds, load_golden, parse_requests, perform};
use poem::test::TestClient;

struct Outcome {
    /// Differences per backend that failed.
    failures: Vec<(Backend, Vec<String>)>,
    /// Whether the full comparison (rendered HTML included) passed on every backend run.
    passes_fully: bool,
    /// Whether the comparison without `rendered` values passed on every backend run.
    passes_without_rendered: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_set_matches_wordpress_on_every_backend() -> anyhow::Result<()> {
    let dir = conformance_dir();
    let requests = parse_requests(&std::fs::read_to_string(dir.join("requests-read.txt"))?)?;
    let creds = load_creds(&std::fs::read_to_string(dir.join("creds.env"))?);
    let pending_path = dir.join("pending.txt");
    let pending = Pending::parse(&std::fs::read_to_string(&pending_path).unwrap_or_default())?;
    let golden_dir = dir.join("golden/read");
    let in_ci = std::env::var_os("CI").is_some();

    if !available(Backend::MariaDb).await {
        if in_ci {
            bail!("MariaDB is not reachable (HEADPRESS_TEST_MYSQL); CI needs all three backends");
        }
        eprintln!("SKIPPED: MariaDB is not reachable; the fixture is loaded through it");
        return Ok(());
    }

    let mut outcomes: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut ran = Vec::new();
    for backend in Backend::ALL {
        if !available(backend).await {
            if in_ci {
                bail!("{} is not reachable; CI needs all three backends", backend.name());
            }
            eprintln!("SKIPPED backend {}: server not reachable", backend.name());
            continue;
        }
        ran.push(backend);
        let site = fixture_site(backend)
            .await
            .with_context(|| format!("loading the fixture on {}", backend.name()))?;
        let client = TestClient::new(site.app.endpoint());
        for req in &requests {
            let (_, golden) = load_golden(&golden_dir, req.n)?;
            let (ours, _) = perform(&client, &creds, req).await?;
            let full = compare(req, &golden, &ours, false);
            let without_rendered = compare(req, &golden, &ours, true);
            let problems = if pending.is_render_only(req.n) {
                without_rendered.clone()
            } else {
                full.clone()
            };
            let outcome = outcomes.entry(req.n).or_insert(Outcome {
                failures: Vec::new(),
                passes_fully: true,
                passes_without_rendered: true,
            });
            if !full.is_empty() {
                outcome.passes_fully = false;
            }
            if !without_rendered.is_empty() {
                outcome.passes_without_rendered = false;
            }
            if !problems.is_empty() {
                outcome.failures.push((backend, problems));
            }
        }
    }

    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    let mut still_pending = 0;
    for req in &requests {
        let Some(outcome) = outcomes.get(&req.n) else { continue };
        let label = format!("{:03} {} {}", req.n, req.method, req.path);
        match pending.reason(req.n) {
            None if !outcome.failures.is_empty() => {
                let mut text = format!("{label} (auth={})", req.auth);
                for (backend, problems) in &outcome.failures {
                    text.push_str(&format!("\n    [{}] {}", backend.name(), problems.join("\n    ")));
                }
                unexpected.push(text);
            }
            Some(_) if pending.is_render_only(req.n) && !outcome.failures.is_empty() => {
                let mut text = format!("{label}: pending as `render`, but more than rendered HTML differs");
                for (backend, problems) in &outcome.failures {
                    text.push_str(&format!("\n    [{}] {}", backend.name(), problems.join("\n    ")));
                }
                unexpected.push(text);
            }
            Some(_) if outcome.passes_fully => now_passing.push(label),
            Some(_) => still_pending += 1,
            None => {}
        }
    }

    if std::env::var_os("HEADPRESS_UPDATE_PENDING").is_some() {
        let mut lines = vec![
            "# Requests of requests-read.txt that do not match WordPress yet: `NNN reason`.".to_owned(),
            "# The conformance test fails when one of these passes (remove it) and when an".to_owned(),
            "# unlisted request fails. `render`: only rendered HTML differs (compared without it).".to_owned(),
        ];
        for req in &requests {
            let Some(outcome) = outcomes.get(&req.n) else { continue };
            if outcome.passes_fully {
                continue;
            }
            let reason = match pending.reason(req.n) {
                Some(r) if !r.starts_with("todo") => r.to_owned(),
                _ if outcome.passes_without_rendered => "render".to_owned(),
                _ => format!(
                    "todo: {}",
                    outcome.failures[0].1.first().map(String::as_str).unwrap_or("differs")
                ),
            };
            lines.push(format!("{:03} {reason}  # {} {}", req.n, req.method, req.path));
        }
        std::fs::write(&pending_path, lines.join("\n") + "\n")?;
        eprintln!("rewrote {}", pending_path.display());
        return Ok(());
    }

    let backends: Vec<&str> = ran.iter().map(|b| b.name()).collect();
    eprintln!(
        "conformance on {}: {} requests, {} pending, {} unexpected failures, {} now passing",
        backends.join(", "),
        requests.len(),
        still_pending,
        unexpected.len(),
        now_passing.len()
    );
    if !unexpected.is_empty() || !now_passing.is_empty() {
        let mut msg = String::new();
        if !unexpected.is_empty() {
            msg.push_str(&format!("{} requests differ from WordPress and are not in pending.txt:\n", unexpected.len()));
            msg.push_str(&unexpected.join("\n"));
            msg.push('\n');
        }
        if !now_passing.is_empty() {
            msg.push_str(&format!(
                "{} requests in pending.txt now pass on every backend; remove them:\n{}\n",
                now_passing.len(),
                now_passing.join("\n")
            ));
        }
        bail!(msg);
    }
    Ok(())
}
