#!/usr/bin/env bash
# Every test suite, on a fresh clone: installs dependencies, makes sure Redis
# and PostgreSQL can run (installing them from Debian's packages if absent),
# type-checks, then runs unit, OCR and integration suites (the latter once on
# SQLite and once on PostgreSQL) and the web app's browser suite (once).
# Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
ensure_dependencies

# Redis: the suites start redis-server themselves when nothing answers.
if ! port_open 127.0.0.1 6379 && ! command -v redis-server >/dev/null 2>&1; then
  apt_install redis-server
fi

# The supervisord and docker-compose tests run Debian's tools; the web app's
# browser tests run Debian's chromium (never a browser download).
missing_tools=()
command -v supervisord >/dev/null 2>&1 || missing_tools+=(supervisor)
command -v docker-compose >/dev/null 2>&1 || missing_tools+=(docker-compose)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing_tools+=(chromium)
# The native OCR backend's tests and the accuracy tests on it run Debian's tesseract (5.x) and its models.
command -v tesseract >/dev/null 2>&1 || missing_tools+=(tesseract-ocr)
for lang in eng fra deu; do
  [ -e "/usr/share/tesseract-ocr/5/tessdata/$lang.traineddata" ] || missing_tools+=("tesseract-ocr-$lang")
done
# The JPEG 2000 PDFs of tests/support/pdf-image-forms.ts are made by OpenJPEG's encoder.
command -v opj_compress >/dev/null 2>&1 || missing_tools+=(libopenjp2-tools)
# The searchable-PDF tests read the output with poppler's pdftotext and pdfinfo.
command -v pdftotext >/dev/null 2>&1 || missing_tools+=(poppler-utils)
if [ ${#missing_tools[@]} -gt 0 ]; then apt_install "${missing_tools[@]}"; fi

# PostgreSQL: the machine's own when it answers on 5432; otherwise a
# throw-away cluster with trust auth, removed when the tests end.
if [ -z "${TEST_POSTGRES_URL:-}" ] && ! port_open 127.0.0.1 5432; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$pg_bin" ]; then
    apt_install postgresql
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  pg_dir=$(mktemp -d /tmp/ocrflow-pg.XXXXXX)
  chown postgres "$pg_dir" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
  as_pg "'$pg_bin/initdb' -D '$pg_dir/data' --auth=trust -U postgres >/dev/null"
  as_pg "'$pg_bin/pg_ctl' -D '$pg_dir/data' -o '-p 54329 -k $pg_dir -c listen_addresses=127.0.0.1' -l '$pg_dir/log' -w start >/dev/null"
  trap "as_pg \"'$pg_bin/pg_ctl' -D '$pg_dir/data' -m fast stop\" >/dev/null; rm -rf '$pg_dir'" EXIT
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:54329/postgres"
fi

# Biome ships binaries for 64-bit x86 and ARM only: on a 32-bit ARM NAS the
# lint step is skipped, said so; lint on a development machine instead.
case "$(uname -m)" in
  x86_64 | amd64 | aarch64 | arm64) pnpm lint ;;
  *) echo "[ocrflow] lint skipped: Biome has no build for $(uname -m)" ;;
esac
pnpm typecheck
pnpm exec vitest run "$@"
