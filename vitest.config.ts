import { defineConfig } from "vitest/config";

// Integration suites run once per database; files run one at a time because
// OCR saturates this machine's cores and timings would only add noise.
const integration = (provider: "sqlite" | "postgresql") => ({
  test: {
    name: `integration-${provider}`,
    include: ["tests/integration/**/*.test.ts"],
    globalSetup: [`tests/support/global-setup-${provider}.ts`],
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    fileParallelism: false,
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts", "tests/db/**/*.test.ts"] } },
      { test: { name: "ocr", include: ["tests/ocr/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000 } },
      integration("sqlite"),
      integration("postgresql"),
    ],
  },
});
