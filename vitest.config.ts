import { defineConfig } from "vitest/config";

/**
 * The integration tests whose queries or writes behave differently on the two
 * databases (raw SQL, transactions, locks, indexes, migrations): they run on
 * SQLite and on PostgreSQL. Every other integration test (HTTP, config, CLI,
 * queues, processes...) runs once, on SQLite, the embedded default.
 */
const ON_BOTH_DATABASES = [
  "batches",
  "concurrent-access",
  "db-migrate",
  "dead-letters",
  "document-dedup",
  "documents-lifecycle",
  "fault-database",
  "fault-reconcile",
  "isolation",
  "job-lifecycle",
  "job-resume",
  "lists-scale",
  "postgres-schema",
  "result-cache",
  "upload-faults-crash",
  "web-api",
  "web-session",
].map((name) => `tests/integration/${name}.test.ts`);

// Each integration test file runs on a copy of the suite's migrated database of its own
// (file-database.ts), with its own queue prefix and storage, so two files run side by side.
const integration = (provider: "sqlite" | "postgresql", include: string[]) => ({
  test: {
    name: `integration-${provider}`,
    include,
    globalSetup: [`tests/support/global-setup-${provider}.ts`],
    setupFiles: ["tests/support/file-database.ts"],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    // Two files at a time: most integration time is spent waiting on processes, Redis and
    // the database, and a third would only make OCR-bound files fight for this machine's 2 cores.
    maxWorkers: 2,
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/db/**/*.test.ts"] } },
      { test: { name: "ocr", include: ["tests/ocr/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000 } },
      integration("sqlite", ["tests/integration/**/*.test.ts"]),
      integration("postgresql", ON_BOTH_DATABASES),
      // The web app in a real browser: needs Debian's chromium (scripts/test.sh installs it). Runs once, on SQLite.
      {
        test: {
          name: "browser",
          include: ["tests/browser/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup-browser.ts"],
          setupFiles: ["tests/support/file-database.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
