#!/usr/bin/env bash
# The whole service on its embedded defaults (SQLite, local files, a local
# Redis when none answers), on a fresh clone: installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_dependencies
exec pnpm start
