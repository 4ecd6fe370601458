import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openChildLog } from "../../scripts/lib/child-log.ts";

describe("a child's log file under pnpm start", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "ocrflow-logs-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("creates its folder and appends across openings (a restarted child keeps its history)", async () => {
    const logDir = path.join(dir, "logs");
    openChildLog(logDir, "worker-1").write("first run\n");
    const log = openChildLog(logDir, "worker-1");
    log.write(Buffer.from("second run\n"));
    expect(log.file).toBe(path.join(logDir, "worker-1.log"));
    expect(await readFile(log.file, "utf8")).toBe("first run\nsecond run\n");
  });

  it("gives its last lines, whole ones only", () => {
    const log = openChildLog(dir, "api");
    for (let line = 1; line <= 5_000; line += 1) log.write(`line ${line}\n`);
    expect(log.tail(3)).toEqual(["line 4998", "line 4999", "line 5000"]);
    expect(log.tail(100_000).every((line) => /^line \d+$/.test(line))).toBe(true);
  });

  it("moves itself to <name>.log.1 past 10 MB and goes on in a new file", async () => {
    const log = openChildLog(dir, "redis");
    const chunk = `${"x".repeat(1023)}\n`;
    for (let written = 0; written < 10 * 1024 * 1024; written += chunk.length) log.write(chunk);
    log.write("after the rotation\n");
    expect((await stat(`${log.file}.1`)).size).toBe(10 * 1024 * 1024);
    expect(await readFile(log.file, "utf8")).toBe("after the rotation\n");
    expect(log.tail(1)).toEqual(["after the rotation"]);
  });
});
