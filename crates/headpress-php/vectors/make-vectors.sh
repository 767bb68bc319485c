#!/bin/sh
# Regenerates the test vectors in this directory (and src/remove_accents_table.rs) with real PHP
# and WordPress 6.1's own PHP source, so the Rust ports are checked against the originals.
#
# Needs: apt-get install -y php-cli php-mbstring php-intl wordpress
# (the oracle site runs with mbstring and intl, so the vectors must too).
# Usage: crates/headpress-php/vectors/make-vectors.sh [path/to/wp-fixture.sql]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fixture=${1:-/work/shared/conformance/fixture/wp-fixture.sql}
creds=$(dirname "$fixture")/../creds.env
php -d serialize_precision=-1 "$here/make-vectors.php" "$here" "$fixture" "$creds" /usr/share/wordpress
# The rendering vectors (wptexturize, wpautop, shortcodes, block parser, ...) under render/.
php "$here/render/make-render-vectors.php" "$here/render" "$fixture" /usr/share/wordpress
# The dynamic blocks (latest posts/comments, categories, archives, search) rendered by the
# reference WordPress over the conformance fixture (needs the oracle site's database).
php "$here/render/make-dynamic-block-vectors.php" "$here/render" /usr/share/wordpress
