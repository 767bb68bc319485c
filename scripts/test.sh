#!/usr/bin/env bash
# The one command that runs every check: formatting, clippy, and all tests (unit, integration,
# the conformance replay on SQLite, PostgreSQL and MariaDB). Used as-is by CI (.ci/run).
#
# On a fresh Debian/Ubuntu machine it installs and starts MariaDB and PostgreSQL (as root),
# then waits until both accept connections. Set HEADPRESS_TEST_MYSQL / HEADPRESS_TEST_PG to use
# servers elsewhere; the local servers are then left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n==> %s\n' "$*"; }

DEFAULT_MYSQL="mysql://root@127.0.0.1:3306/test"
DEFAULT_PG="postgres://postgres@127.0.0.1:5432/test"
export HEADPRESS_TEST_MYSQL="${HEADPRESS_TEST_MYSQL:-$DEFAULT_MYSQL}"
export HEADPRESS_TEST_PG="${HEADPRESS_TEST_PG:-$DEFAULT_PG}"
# Build output lives outside the clone so a fresh checkout reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/headpress-target}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
    local seconds=$1; shift
    for _ in $(seq "$seconds"); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 1
    done
    echo "timed out after ${seconds}s waiting for: $*" >&2
    return 1
}

ensure_packages() {
    if command -v mariadbd >/dev/null && command -v mysql >/dev/null \
        && command -v pg_ctlcluster >/dev/null && command -v psql >/dev/null; then
        return 0
    fi
    say "installing mariadb-server and postgresql"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server postgresql
}

start_mariadb() {
    if mysqladmin -h127.0.0.1 -uroot ping >/dev/null 2>&1; then
        say "MariaDB is up"
        return 0
    fi
    say "starting MariaDB"
    as_root mkdir -p /run/mysqld
    as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    wait_for 60 mysqladmin -uroot ping
    # A fresh install authenticates root through the unix socket only; the tests connect over
    # TCP as root with no password, as the CI databases are configured.
    if ! mysqladmin -h127.0.0.1 -uroot ping >/dev/null 2>&1; then
        as_root mysql -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;"
    fi
    wait_for 30 mysqladmin -h127.0.0.1 -uroot ping
    mysql -h127.0.0.1 -uroot -e "CREATE DATABASE IF NOT EXISTS test"
}

start_postgres() {
    if psql "$DEFAULT_PG" -c 'SELECT 1' >/dev/null 2>&1; then
        say "PostgreSQL is up"
        return 0
    fi
    say "starting PostgreSQL"
    local version
    version=$(ls /etc/postgresql | sort -n | tail -1)
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for 60 as_root su postgres -c "psql -c 'SELECT 1'"
    # Trust local TCP connections (a throwaway test server) and create the admin database.
    local hba
    hba=$(as_root su postgres -c "psql -tAc 'SHOW hba_file'")
    if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
        as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
        as_root su postgres -c "psql -c 'SELECT pg_reload_conf()'" >/dev/null
    fi
    as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1 \
        || as_root su postgres -c "createdb test"
    wait_for 30 psql "$DEFAULT_PG" -c 'SELECT 1'
}

# Only manage local servers when the tests use the default local URLs.
if [ "$HEADPRESS_TEST_MYSQL" = "$DEFAULT_MYSQL" ] || [ "$HEADPRESS_TEST_PG" = "$DEFAULT_PG" ]; then
    ensure_packages
fi
if [ "$HEADPRESS_TEST_MYSQL" = "$DEFAULT_MYSQL" ]; then start_mariadb; fi
if [ "$HEADPRESS_TEST_PG" = "$DEFAULT_PG" ]; then start_postgres; fi

say "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"
say "cargo fmt --all -- --check"
cargo fmt --all -- --check
# --locked: CI tests exactly the committed Cargo.lock.
say "cargo clippy --workspace --all-targets --locked -- -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
if cargo nextest --version >/dev/null 2>&1; then
    say "cargo nextest run --workspace --locked --no-fail-fast"
    cargo nextest run --workspace --locked --no-fail-fast
else
    say "cargo test --workspace --locked --no-fail-fast (cargo-nextest not installed)"
    cargo test --workspace --locked --no-fail-fast
fi
say "all checks passed"
