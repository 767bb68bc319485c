#!/usr/bin/env bash
# bench/run.sh — throughput and latency of Headpress (SQLite and MariaDB, conformance fixture
# loaded) and, in the same run on the same machine, of the reference WordPress, for the five
# REST requests of ../shared/oracle/bench.sh and the two GraphQL queries of
# ../shared/graphql-conformance/bench-results.md. Writes a Markdown report (BENCHMARKS.md
# keeps the committed figures). A benchmark, not a test: nothing here passes or fails.
#
# Needs: wrk, curl, mysql client, a MariaDB/MySQL server (root, no password), a release build
# (built here unless HEADPRESS_BIN is given). The reference WordPress is optional: without it
# (WP_URL not answering) its rows say so.
#
# Env: WP_URL (http://127.0.0.1:8080), MYSQL_URL (mysql://root@127.0.0.1:3306), DURATION (10s),
#      WARMUP (3s), THREADS (2), CONNECTIONS (16), POST_ID (11), COMMENT_POST_ID (11),
#      HEADPRESS_BIN, PORT (8190), OUT (bench/results.md)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WP_URL="${WP_URL:-http://127.0.0.1:8080}"
MYSQL_URL="${MYSQL_URL:-mysql://root@127.0.0.1:3306}"
DURATION="${DURATION:-10s}"; WARMUP="${WARMUP:-3s}"
THREADS="${THREADS:-2}"; CONNECTIONS="${CONNECTIONS:-16}"
POST_ID="${POST_ID:-11}"; COMMENT_POST_ID="${COMMENT_POST_ID:-11}"
PORT="${PORT:-8190}"
OUT="${OUT:-bench/results.md}"
FIXTURE="tests/conformance/fixture/wp-fixture.sql"
CONFIG="tests/conformance/headpress.toml"
BENCH_DB="headpress_bench"

REST_PATHS=(
  "/wp-json/wp/v2/posts"
  "/wp-json/wp/v2/posts?_embed"
  "/wp-json/wp/v2/posts/$POST_ID"
  "/wp-json/wp/v2/categories?per_page=100"
  "/wp-json/wp/v2/comments?post=$COMMENT_POST_ID"
)
GRAPHQL_QUERIES=(
  '{ posts(first: 10) { nodes { title date uri excerpt author { node { name } } categories { nodes { name } } featuredImage { node { sourceUrl } } } } }'
  '{ post(id: "/custom-slug-0/", idType: URI) { title content } }'
)

log() { echo "[bench] $*" >&2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

if [ -z "${HEADPRESS_BIN:-}" ]; then
  log "cargo build --release -p headpress-server"
  cargo build --release --locked -p headpress-server >&2
  HEADPRESS_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/headpress"
fi

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- the fixture on both backends (`headpress db copy` makes the SQLite one, as a user would)
mysql_host="${MYSQL_URL#mysql://}"; mysql_host="${mysql_host#*@}"
mysql_args=(--protocol=tcp -h"${mysql_host%:*}" -P"${mysql_host##*:}" -uroot)
log "loading $FIXTURE into MariaDB database $BENCH_DB"
mysql "${mysql_args[@]}" -e "DROP DATABASE IF EXISTS $BENCH_DB; CREATE DATABASE $BENCH_DB"
mysql "${mysql_args[@]}" "$BENCH_DB" < "$FIXTURE"
log "headpress db copy → SQLite"
"$HEADPRESS_BIN" db copy --from "$MYSQL_URL/$BENCH_DB" --to "sqlite://$tmp/site.db?mode=rwc" >&2

# wrk's Lua script for a GraphQL POST.
graphql_script() {
  local body
  body="$(python3 -c 'import json,sys; print(json.dumps(json.dumps({"query": sys.argv[1]})))' "$1")"
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "$body"
}

# measure NAME URL [LUA] → one table row; prints the wrk output on stderr.
measure() {
  local name="$1" url="$2" script="${3:-}" code bytes
  local wrk_args=(-t"$THREADS" -c"$CONNECTIONS")
  local curl_args=(-s -o "$tmp/body" -w '%{http_code}')
  if [ -n "$script" ]; then
    wrk_args+=(-s "$script")
    curl_args+=(-H 'Content-Type: application/json' --data-binary "@$tmp/query.json")
  fi
  code="$(curl "${curl_args[@]}" "$url")"
  bytes="$(wc -c < "$tmp/body")"
  if [ "$code" != 200 ]; then
    echo "| $name | $bytes | HTTP $code | | | | |"
    return
  fi
  log "warm-up $WARMUP: $name"
  wrk "${wrk_args[@]}" -d"$WARMUP" "$url" > /dev/null
  log "measure $DURATION: $name"
  wrk "${wrk_args[@]}" -d"$DURATION" --latency "$url" > "$tmp/wrk.txt"
  cat "$tmp/wrk.txt" >&2
  local rps p50 p99 total non2xx
  rps="$(awk '/^Requests\/sec:/{print $2}' "$tmp/wrk.txt")"
  p50="$(awk '/^ +50%/{print $2}' "$tmp/wrk.txt")"
  p99="$(awk '/^ +99%/{print $2}' "$tmp/wrk.txt")"
  total="$(awk '/requests in/{print $1}' "$tmp/wrk.txt")"
  non2xx="$(awk '/Non-2xx/{print $NF}' "$tmp/wrk.txt")"
  echo "| $name | $bytes | $rps | $p50 | $p99 | $total | ${non2xx:-0} |"
}

# run_all BASE GRAPHQL_URL → the rows of one server.
run_all() {
  local base="$1" graphql="$2" p i=0 q
  for p in "${REST_PATHS[@]}"; do measure "\`$p\`" "$base$p"; done
  for q in "${GRAPHQL_QUERIES[@]}"; do
    i=$((i + 1))
    python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$q" > "$tmp/query.json"
    graphql_script "$q" > "$tmp/q$i.lua"
    measure "GraphQL ($i) \`${q:0:60}…\`" "$graphql" "$tmp/q$i.lua"
  done
}

# Peak resident set (VmHWM) of a process, in MiB.
peak_mib() { awk '/^VmHWM/{printf "%.1f", $2/1024}' "/proc/$1/status"; }

declare -A SECTION PEAK
for backend in sqlite mariadb; do
  case "$backend" in
    sqlite) url="sqlite://$tmp/site.db?mode=rwc" ;;
    mariadb) url="$MYSQL_URL/$BENCH_DB" ;;
  esac
  log "starting Headpress on $backend"
  HEADPRESS_LOG=warn "$HEADPRESS_BIN" serve --config "$CONFIG" --database-url "$url" \
    --bind "127.0.0.1:$PORT" > "$tmp/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT/wp-json/" && break
    sleep 0.1
  done
  SECTION[$backend]="$(run_all "http://127.0.0.1:$PORT" "http://127.0.0.1:$PORT/graphql")"
  PEAK[$backend]="$(peak_mib "$server_pid")"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done

wp_section="(the reference WordPress at $WP_URL did not answer: not measured)"
wp_peak="n/a"
if curl -s -o /dev/null -m 5 "$WP_URL/wp-json/"; then
  log "measuring the reference WordPress at $WP_URL"
  wp_section="$(run_all "$WP_URL" "$WP_URL/graphql")"
  # php-fpm keeps its children: the sum of their peaks bounds what the pool held at once.
  wp_peak="$(for pid in $(pgrep -f 'php-fpm'); do awk '/^VmHWM/{print $2}' "/proc/$pid/status"; done \
    | awk '{s+=$1} END {printf "%.1f", s/1024}')"
fi

versions() {
  echo "- Headpress $(git -C "$ROOT" rev-parse --short HEAD), release build; wrk $( (wrk -v 2>&1 || true) | head -1 | awk '{print $2}')"
  if command -v php >/dev/null; then
    echo "- WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" /usr/share/wordpress/wp-includes/version.php 2>/dev/null), PHP $(php -r 'echo PHP_VERSION;') php-fpm, nginx $(nginx -v 2>&1 | sed 's#.*/##')"
  fi
  echo "- MariaDB $(mysql "${mysql_args[@]}" -Nse 'SELECT VERSION()')"
}

header='| request | body bytes | req/s | p50 | p99 | requests | non-2xx |
|---|---:|---:|---:|---:|---:|---:|'
{
  echo "# Benchmark run"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) CPU cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; wrk, the servers and MariaDB share it"
  versions
  echo "- Each request: warm-up \`wrk -t$THREADS -c$CONNECTIONS -d$WARMUP URL\`, then \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency URL\`; anonymous; GraphQL as POST JSON"
  echo
  echo "## Headpress, SQLite (peak RSS ${PEAK[sqlite]} MiB)"
  echo
  echo "$header"
  echo "${SECTION[sqlite]}"
  echo
  echo "## Headpress, MariaDB (peak RSS ${PEAK[mariadb]} MiB, MariaDB itself not counted)"
  echo
  echo "$header"
  echo "${SECTION[mariadb]}"
  echo
  echo "## Reference WordPress (php-fpm peak RSS, sum over the pool: $wp_peak MiB)"
  echo
  echo "$header"
  echo "$wp_section"
} > "$OUT"
cat "$OUT"
