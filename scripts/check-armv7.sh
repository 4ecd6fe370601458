#!/usr/bin/env bash
# `pnpm check:armv7`: ocrflow on 32-bit ARM (a QNAP TS-431P2: Cortex-A15, ARMv7),
# emulated with qemu-user, once with 4 KiB memory pages and once with the 32 KiB
# pages of QNAP's ARM kernels (QEMU_PAGESIZE=32768). For each: migrate a fresh
# SQLite database, create an API key, start the API and a worker (the bundles,
# run by Debian trixie's armhf node), read a PNG and a two-page PDF over HTTP and
# check their text, report which sharp build the worker used, and the memory of
# each process. Not part of scripts/test.sh: it takes minutes.
#
# Needs: apt (qemu-user and the armhf packages are fetched with it; the host's
# own apt sources and state are left alone), the host's node and pnpm, curl, and
# Redis at REDIS_URL (default redis://127.0.0.1:6379; keys under a prefix of
# their own, removed at the end).
# Settings: ARMV7_PAGE_SIZES ("4096 32768"), ARMV7_WORKER_CONCURRENCY (2),
# ARMV7_CACHE (the armhf root, kept between runs; ~/.cache/ocrflow-armv7),
# ARMV7_KEEP=1 keeps the work folder and its logs.
#
# What runs on the host, not under emulation: pnpm install (it installs the
# linux/arm binaries next to the host's: pnpm's supportedArchitectures), the
# bundling of the API and worker (scripts/build.mjs: plain JavaScript), and
# esbuild's transform service for the two TypeScript commands run with tsx
# (migrations, key creation): qemu-user cannot start an ARM child process, so
# ESBUILD_BINARY_PATH names the host's esbuild binary. For the same reason the
# worker's PDF renderer process is forked through a script that runs qemu-arm.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/setup.sh

PAGE_SIZES=${ARMV7_PAGE_SIZES:-"4096 32768"}
CONCURRENCY=${ARMV7_WORKER_CONCURRENCY:-2}
CACHE=${ARMV7_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ocrflow-armv7}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
SYSROOT=$CACHE/root
WORK=$(mktemp -d /tmp/ocrflow-armv7.XXXXXX)
PREFIX="ocrflow-armv7-$$"
pids=()

say() { echo "[check:armv7] $*"; }
fail() {
  echo "[check:armv7] FAILED: $*" >&2
  exit 1
}
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$REDIS_URL" --scan --pattern "$PREFIX*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null || true
  fi
  if [ "${ARMV7_KEEP:-}" = 1 ]; then say "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- 1. qemu-user and an armhf root of Debian trixie's nodejs -------------------
say "stage 1: qemu-user and Debian trixie's armhf nodejs"
command -v qemu-arm >/dev/null 2>&1 || apt_install qemu-user
if [ ! -x "$SYSROOT/usr/bin/node" ]; then
  # A private apt configuration (its own sources, lists and cache): trixie armhf only.
  mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/archives/partial" "$CACHE/etc"
  echo "deb [arch=armhf] http://deb.debian.org/debian trixie main" >"$CACHE/etc/sources.list"
  : >"$CACHE/apt/status"
  cat >"$CACHE/apt.conf" <<EOF
Dir::State "$CACHE/apt";
Dir::State::status "$CACHE/apt/status";
Dir::Cache "$CACHE/apt";
Dir::Etc::SourceList "$CACHE/etc/sources.list";
Dir::Etc::SourceParts "/dev/null";
APT::Architecture "armhf";
APT::Architectures { "armhf"; };
APT::Install-Recommends "false";
EOF
  # apt's _apt user cannot write into a cache under root's home.
  if [ "$(id -u)" = 0 ]; then echo 'APT::Sandbox::User "root";' >>"$CACHE/apt.conf"; fi
  APT_CONFIG=$CACHE/apt.conf apt-get update -qq
  # With an empty status file apt fetches nodejs with every dependency, libc6 included.
  APT_CONFIG=$CACHE/apt.conf apt-get install -qq -d -y nodejs >/dev/null
  rm -rf "$SYSROOT" && mkdir -p "$SYSROOT"
  for deb in "$CACHE"/apt/archives/*.deb; do dpkg-deb -x "$deb" "$SYSROOT"; done
  # Merged /usr: the loader is looked up as /lib/ld-linux-armhf.so.3.
  ln -sfn usr/lib "$SYSROOT/lib"
fi
export QEMU_LD_PREFIX=$SYSROOT QEMU_CPU=cortex-a15
arm_node() { qemu-arm "$SYSROOT/usr/bin/node" "$@"; }
say "node $(arm_node -p 'process.version + " " + process.arch')"

# --- 2. The project, installed for linux/arm ------------------------------------
say "stage 2: a copy of this checkout installed for linux/arm (and the host)"
mkdir -p "$WORK/app"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$WORK/app"
cd "$WORK/app"
cat >>pnpm-workspace.yaml <<'EOF'
# check:armv7: 32-bit ARM's binaries next to the host's (install scripts run on the host).
supportedArchitectures:
  os: [current, linux]
  cpu: [current, arm]
  libc: [current, glibc]
EOF
pnpm install --frozen-lockfile --reporter=silent >"$WORK/install.log" 2>&1 || fail "pnpm install (see $WORK/install.log)"
node scripts/build.mjs api worker >/dev/null
ls node_modules/.pnpm | grep -q '^@img+sharp-linux-arm@' || fail "sharp's linux-arm package was not installed"
ESBUILD_BINARY_PATH=$(node -p 'require.resolve("@esbuild/linux-x64/bin/esbuild", { paths: [require("path").dirname(require.resolve("tsx/package.json")) + "/node_modules/esbuild"] })' 2>/dev/null ||
  find node_modules/.pnpm -path '*@esbuild/linux-x64/bin/esbuild' | head -n 1)
export ESBUILD_BINARY_PATH
[ -x "$ESBUILD_BINARY_PATH" ] || fail "no host esbuild binary found"

# qemu-user cannot start an ARM program by itself (no binfmt_misc here), so the
# processes the worker forks (the PDF renderer) start through this script,
# which runs them under qemu-arm too: a preload given to the worker only here
# makes child_process.fork default to it. The product code is unchanged.
cat >"$WORK/qemu-node" <<EOF
#!/bin/sh
exec qemu-arm "$SYSROOT/usr/bin/node" "\$@"
EOF
chmod +x "$WORK/qemu-node"
cat >"$WORK/fork-under-qemu.mjs" <<'EOF'
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

const fork = childProcess.fork;
childProcess.fork = (modulePath, args, options) =>
  Array.isArray(args)
    ? fork(modulePath, args, { execPath: process.env.ARMV7_QEMU_NODE, ...options })
    : fork(modulePath, { execPath: process.env.ARMV7_QEMU_NODE, ...args });
syncBuiltinESMExports();
EOF
export ARMV7_QEMU_NODE=$WORK/qemu-node

free_port() { node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'; }
json() { node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const v = JSON.parse(s); console.log(eval(process.argv[1])); })' "$1"; }
# Memory of the emulated process, in MB: the resident pages of qemu's mappings
# below 4 GiB, where qemu-user places the 32-bit guest's address space here
# (guest_base 0: the ARM node binary is mapped there), leaving out qemu's own
# code, heap and translated code (checked at start).
guest_rss_mb() { awk '/^[0-9a-f]+-[0-9a-f]+ / { split($1, range, "-"); low = length(range[1]) <= 8 } /^Rss:/ && low { kb += $2 } END { print int(kb / 1024) }' "/proc/$1/smaps" 2>/dev/null || echo 0; }
qemu_rss_mb() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null || echo 0; }
guest_mapped_low() { grep -qE "^[0-9a-f]{1,8}-[0-9a-f]+ .*$SYSROOT/usr/bin/node\$" "/proc/$1/maps"; }
# Peak guest memory of a process, sampled every second into a file until it ends.
sample_peak() {
  local pid=$1 file=$2 peak=0 now
  while kill -0 "$pid" 2>/dev/null; do
    now=$(guest_rss_mb "$pid")
    if [ "$now" -gt "$peak" ]; then peak=$now && echo "$peak" >"$file"; fi
    sleep 1
  done
}
memory_line() { echo "api $(guest_rss_mb "$api_pid") MB (qemu $(qemu_rss_mb "$api_pid") MB), worker $(guest_rss_mb "$worker_pid") MB (qemu $(qemu_rss_mb "$worker_pid") MB)"; }

expected_words() { node -e 'const e = require("./tests/fixtures/expected.json"); console.log([e[process.argv[1]]].flat(2).join(" "))' "$1"; }
# Share of the expected words found in the text (order ignored): OCR, not an exact match.
word_recall() {
  node -e '
    const [expected, actual] = process.argv.slice(1).map((t) => t.toLowerCase().split(/\W+/).filter(Boolean));
    const seen = new Set(actual);
    console.log((expected.filter((w) => seen.has(w)).length / expected.length).toFixed(3));
  ' "$1" "$2"
}

read_over_http() { # file mime -> prints the result text
  local file=$1 job status
  job=$(curl -sf -H "Authorization: Bearer $KEY" -F "file=@$file" -F languages=eng "http://127.0.0.1:$PORT/api/v1/jobs" | json 'v.job.id') ||
    fail "upload of $file refused"
  for _ in $(seq 1 600); do
    status=$(curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/jobs/$job" | json 'v.job.status')
    case $status in
      completed) break ;;
      failed | cancelled) fail "$file: job $job $status: $(curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/jobs/$job")" ;;
    esac
    sleep 1
  done
  [ "$status" = completed ] || fail "$file: job $job still $status after 10 minutes"
  curl -sf -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/jobs/$job/result?format=text"
}

# --- 3. Each page size: migrate, key, API, worker, a PNG and a PDF ---------------
for page_size in $PAGE_SIZES; do
  say "stage 3: ${page_size}-byte pages"
  if [ "$page_size" = 4096 ]; then unset QEMU_PAGESIZE; else export QEMU_PAGESIZE=$page_size; fi
  run_dir="$WORK/run-$page_size"
  mkdir -p "$run_dir/files"
  PORT=$(free_port)
  export DATABASE_URL="file:$run_dir/ocrflow.db" REDIS_URL QUEUE_PREFIX="$PREFIX-$page_size" STORAGE_DIR="$run_dir/files" \
    NODE_ENV=production LOG_FORMAT=json LOG_LEVEL=info MALLOC_ARENA_MAX=2 HOST=127.0.0.1 PORT \
    WORKER_CONCURRENCY=$CONCURRENCY WORKER_NICE=10 RECONCILE_INTERVAL_MS=0

  started=$SECONDS
  arm_node --import tsx scripts/migrate.ts >"$run_dir/migrate.log" 2>&1 || fail "migrations ($run_dir/migrate.log): $(tail -n 3 "$run_dir/migrate.log")"
  say "  migrated in $((SECONDS - started)) s"
  KEY=$(arm_node --import tsx apps/api/src/cli/main.ts keys create --name armv7 2>>"$run_dir/cli.log" | tail -n 1)
  [ -n "$KEY" ] || fail "keys create ($run_dir/cli.log)"

  started=$SECONDS
  # qemu-arm itself in the background (not arm_node in a subshell): $! is then the process to measure.
  qemu-arm "$SYSROOT/usr/bin/node" --max-semi-space-size=1 apps/api/dist/main.mjs >"$run_dir/api.log" 2>&1 &
  api_pid=$!
  pids+=("$api_pid")
  qemu-arm "$SYSROOT/usr/bin/node" --import "$WORK/fork-under-qemu.mjs" apps/worker/dist/main.mjs >"$run_dir/worker.log" 2>&1 &
  worker_pid=$!
  pids+=("$worker_pid")
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && grep -q '"worker started"' "$run_dir/worker.log" && break
    kill -0 "$api_pid" 2>/dev/null || fail "the API died: $(tail -n 5 "$run_dir/api.log")"
    kill -0 "$worker_pid" 2>/dev/null || fail "the worker died: $(tail -n 5 "$run_dir/worker.log")"
    sleep 1
  done
  grep -q '"worker started"' "$run_dir/worker.log" || fail "the worker did not start in 5 minutes"
  say "  API and worker up in $((SECONDS - started)) s; sharp build: $(grep -o '"sharp":"[a-z]*"' "$run_dir/worker.log" | head -n 1)"
  grep -o '"message":"sharp runs its WebAssembly build[^}]*' "$run_dir/worker.log" | head -n 1 | sed 's/^/[check:armv7]   /' || true
  guest_mapped_low "$worker_pid" || fail "qemu did not map the guest below 4 GiB: memory figures would be wrong"
  say "  memory idle (guest): $(memory_line)"
  sample_peak "$api_pid" "$run_dir/api.peak" &
  sample_peak "$worker_pid" "$run_dir/worker.peak" &

  for fixture in page-eng.png two-pages.pdf; do
    started=$SECONDS
    text=$(read_over_http "tests/fixtures/$fixture")
    recall=$(word_recall "$(expected_words "$fixture")" "$text")
    say "  $fixture read in $((SECONDS - started)) s, expected words found: $recall"
    node -e 'process.exit(Number(process.argv[1]) >= 0.95 ? 0 : 1)' "$recall" || fail "$fixture read wrong: $text"
  done
  say "  memory after (guest): $(memory_line)"
  say "  memory peak (guest): api $(cat "$run_dir/api.peak" 2>/dev/null || echo '?') MB, worker $(cat "$run_dir/worker.peak" 2>/dev/null || echo '?') MB (worker at WORKER_CONCURRENCY=$CONCURRENCY)"

  kill "$api_pid" "$worker_pid"
  wait "$api_pid" "$worker_pid" 2>/dev/null || true
  pids=()
done
say "passed: ${PAGE_SIZES// /, }-byte pages"
