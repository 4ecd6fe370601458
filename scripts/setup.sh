# Sourced by start.sh and test.sh: pnpm and the project's dependencies
# (the install also generates both Prisma clients).
ensure_dependencies() {
  if ! command -v pnpm >/dev/null 2>&1; then
    echo "[ocrflow] installing pnpm 10"
    npm install -g pnpm@10 >/dev/null
  fi
  pnpm install --frozen-lockfile
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

apt_install() {
  echo "[ocrflow] installing $* with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
