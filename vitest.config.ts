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
    // Files run one at a time unless TEST_FILES_AT_ONCE says more. Each integration file has
    // a database of its own, so two at a time work (about 8.5 minutes instead of 16 here),
    // but the two fighting for 2 cores still expose timing races in a few tests; until
    // those are gone, CI runs files one at a time.
    maxWorkers: Number(process.env.TEST_FILES_AT_ONCE ?? 1),
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
