# One image for the API, the workers and the migration step; docker-compose.yml
# picks the command of each. The API and workers run the bundles built below
# with plain node; the migration step and the command line run TypeScript with tsx.
FROM node:20-bookworm-slim
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
