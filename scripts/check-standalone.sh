#!/usr/bin/env bash
# Fails when a tracked file reads outside the repository (the sibling shared/ folder exists only on the developers'
# machines); prose that mentions it is allowed.
set -uo pipefail
cd "$(dirname "$0")/.."
hits=$(git grep -nE '(\.\./shared|/work/shared)' -- . ':!*.md' ':!scripts/check-standalone.sh' || true)
if [ -n "$hits" ]; then
  echo "These files read outside the repository; copy what they need into tests/fixtures instead:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "standalone: no file reads outside the repository"
