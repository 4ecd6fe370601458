# One image for the API, the workers and the migration step; docker-compose.yml
# picks the command of each. The API and workers run the bundles built below
# with plain node; the migration step and the command line run TypeScript with tsx.
#
# Debian trixie with Debian's own Node.js (20.19 on every architecture), so that
# one Dockerfile builds for linux/amd64, linux/arm64 and linux/arm/v7:
# - QNAP's ARM NAS (Annapurna Alpine, 32-bit ARMv7) run kernels with 32 KiB memory
#   pages; bookworm's armhf binaries (libc, node) are not aligned for them and do
#   not load there, trixie's are.
# - The official node images built on trixie (node:22-trixie-slim...) are not
#   published for linux/arm/v7 (Docker Hub lists amd64, arm64/v8, ppc64le, s390x);
#   node:22-bookworm-slim is, but it is bookworm; Node 24 has no armv7 build at all.
# (Checked from the images' published tag lists, not by pulling: no Docker here.)
# sharp's prebuilt linux-arm addon does not load on 32 KiB pages either: the
# worker then uses sharp's WebAssembly build, installed with it, and says so at start.
FROM debian:trixie-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && useradd --create-home --uid 1000 --user-group node
WORKDIR /app
# Native tesseract (bookworm: 5.3.0) and its models: with OCR_ENGINE=auto (the default) the workers read
# English, French and German with it, one process per page, faster than tesseract.js (README: OCR backend).
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu \
  && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10.34.9
COPY . .
# Development dependencies stay: tsx runs the code. The install also generates
# both Prisma clients (package.json's postinstall).
RUN pnpm install --frozen-lockfile && node scripts/build.mjs
# Uploaded files: a named volume mounted here starts out owned by `node`.
RUN mkdir -p /data/files && chown -R node:node /data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 STORAGE_DIR=/data/files MALLOC_ARENA_MAX=2
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=1", "apps/api/dist/main.mjs"]
