#!/usr/bin/env bash
# Backs up or restores Hardlab's database.
#   scripts/backup.sh dump FILE      PostgreSQL server (DATABASE_URL): pg_dump custom format; embedded: a tar of HARDLAB_DATA_DIR
#   scripts/backup.sh restore FILE   the reverse (server: pg_restore --clean into DATABASE_URL; embedded: stop the app first)
set -euo pipefail
cmd=${1:-}; file=${2:-}
[ -n "$cmd" ] && [ -n "$file" ] || { echo "usage: scripts/backup.sh dump|restore FILE" >&2; exit 2; }
if [ -n "${DATABASE_URL:-}" ]; then
  case "$cmd" in
    dump) pg_dump --format=custom --no-owner --file="$file" "$DATABASE_URL" ;;
    restore) pg_restore --clean --if-exists --no-owner --exit-on-error --dbname="$DATABASE_URL" "$file" ;;
    *) echo "unknown command $cmd" >&2; exit 2 ;;
  esac
else
  dir=${HARDLAB_DATA_DIR:-.hardlab/db}
  case "$cmd" in
    dump) tar -czf "$file" -C "$(dirname "$dir")" "$(basename "$dir")" ;;
    restore) rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && tar -xzf "$file" -C "$(dirname "$dir")" ;;
    *) echo "unknown command $cmd" >&2; exit 2 ;;
  esac
fi
echo "$cmd: done ($file)"
