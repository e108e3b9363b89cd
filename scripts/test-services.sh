#!/usr/bin/env bash
# Makes what `npm test` needs available on a Debian machine where it is installed but not running (as on CI):
# starts the local PostgreSQL 15 cluster with a `hardlab` role (CREATEDB), and installs Debian's Chromium when absent.
# Does nothing when HARDLAB_TEST_PG is set (your own server) or when not root (then it only reports).
set -uo pipefail
if [ -z "${HARDLAB_TEST_PG:-}" ] && command -v pg_ctlcluster >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    pg_ctlcluster 15 main start 2>/dev/null || true
    for _ in $(seq 1 30); do su postgres -c "pg_isready -q" && break; sleep 1; done
    su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='hardlab'\"" | grep -q 1 \
      || su postgres -c "psql -qc \"CREATE ROLE hardlab LOGIN PASSWORD 'hardlab' CREATEDB\""
  elif ! pg_isready -q -h 127.0.0.1; then
    echo "PostgreSQL is not running: start it (pg_ctlcluster 15 main start) or set HARDLAB_TEST_PG" >&2
  fi
fi
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the end-to-end tests (apt-get install chromium)..."
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium install failed: end-to-end tests will fail" >&2
  else
    echo "Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
  fi
fi
exit 0
