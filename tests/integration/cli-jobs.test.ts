import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedText } from "../ocr/ocr-fixtures.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, FIXTURES_DIR, fixture, waitForJob } from "../support/http-client.ts";
import { runCli } from "../support/run-cli.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";

describe("pnpm ocrflow jobs submit", () => {
  let service: TestService;
  let key: string;
  let dir: string;
  const submit = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(["jobs", "submit", ...args], { OCRFLOW_URL: service.baseUrl, OCRFLOW_API_KEY: key, ...env });
  /** A copy of a fixture with bytes after its end: new content, so neither dedup nor the result cache answers. */
  const freshCopy = async (name: string) => {
    const file = path.join(dir, `${randomUUID()}-${name}`);
    await writeFile(file, Buffer.concat([await fixture(name), Buffer.from(randomUUID())]));
    return file;
  };

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    ({ key } = await service.createUser("cli jobs"));
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-cli-"));
  });
  afterAll(async () => {
    await service?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads the file, submits it with the options given, and prints the job id alone", async () => {
    const run = await submit([
      await freshCopy("page-eng.png"),
      ...["--languages", "fra", "--priority", "high", "--mode", "general", "--resolution", "small"],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const jobId = run.stdout.trim();
    const { body } = await apiClient(service.baseUrl, key).get(`/api/v1/jobs/${jobId}`);
    expect(body.job).toMatchObject({ id: jobId, priority: "high", languages: ["fra"], mode: "general", resolution: "small" });
    await waitForJob(apiClient(service.baseUrl, key), jobId);
  });

  it("with --wait prints progress lines on stderr (not a terminal), then the text alone on stdout, and exits 0", async () => {
    const run = await submit([await freshCopy("two-pages.pdf"), "--wait", "--key", key], { OCRFLOW_API_KEY: undefined });
    expect(run.code, run.stderr).toBe(0);
    expect(characterErrorRate(expectedText["two-pages.pdf"].flat().join(" "), run.stdout)).toBeLessThan(0.05);
    const lines = run.stderr.trim().split("\n");
    const jobId = lines[0].replace(/^job /, "");
    expect(lines.at(-1)).toBe(`job ${jobId}: completed 100%`);
    expect(lines.some((line) => /: processing \d+%$/.test(line))).toBe(true);
    expect(run.stderr).not.toContain("\u001b[");
  });

  it("with --wait on a terminal draws a progress bar on stderr", async () => {
    const file = await freshCopy("page-eng.png");
    const command = [process.execPath, "--import", "tsx", "apps/api/src/cli/main.ts", "jobs", "submit", file, "--wait"]
      .map((word) => `'${word}'`)
      .join(" ");
    // `script` gives the command a pseudo-terminal, and copies what it wrote.
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        "script",
        ["-qec", command, "/dev/null"],
        { env: { ...process.env, OCRFLOW_URL: service.baseUrl, OCRFLOW_API_KEY: key }, timeout: 170_000 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      ),
    );
    expect(output).toMatch(/\[[█░]{40}\] 100% completed/);
    expect(output).toContain("The quick brown fox");
  });

  it("exits 1 with the job's error when the job fails", async () => {
    // A PNG's header, nothing a decoder can read, and an end chunk: accepted at upload, failed by the worker.
    const broken = path.join(dir, "broken.png");
    const iend = Buffer.from("0000000049454e44ae426082", "hex");
    await writeFile(broken, Buffer.concat([(await fixture("page-eng.png")).subarray(0, 64), Buffer.from(randomUUID()), iend]));
    const run = await submit([broken, "--wait"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/ocrflow: job [0-9a-f-]{36} failed: [A-Z_]+: /);
  });

  it("exits 1 with the API's error when the API refuses the file", async () => {
    const run = await submit([path.join(FIXTURES_DIR, "not-an-image.png")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/POST \/api\/v1\/jobs answered 415: UNSUPPORTED_MEDIA_TYPE/);
  });

  it("exits 1 saying where it looked when no API answers", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await submit([path.join(FIXTURES_DIR, "page-eng.png")], { OCRFLOW_URL: url });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach the API at ${url} (ECONNREFUSED)`);
  });

  it.each([
    { args: [], message: "FILE is required" },
    { args: ["missing.png"], message: "cannot read missing.png (ENOENT)" },
    { args: ["tests/fixtures/page-eng.png", "--priority", "urgent"], message: "--priority must be high, normal, low or an integer 0-10" },
    { args: ["tests/fixtures/page-eng.png", "--languages", "english!"], message: "--languages must be codes joined with +" },
    {
      args: ["tests/fixtures/page-eng.png", "--mode", "poster"],
      message: '--mode must be one of document, general, figure, handwritten (got "poster")',
    },
    {
      args: ["tests/fixtures/page-eng.png", "--resolution", "huge"],
      message: '--resolution must be one of tiny, small, base, large, gundam (got "huge")',
    },
    { args: ["tests/fixtures/page-eng.png", "--colour"], message: "Unknown option '--colour'" },
    { args: ["tests/fixtures/page-eng.png"], env: { OCRFLOW_API_KEY: undefined }, message: "an API key is needed" },
  ])("exits 2 with its usage for bad arguments: $message", async ({ args, env, message }) => {
    const run = await submit(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("usage: pnpm ocrflow jobs submit FILE");
  });
});
