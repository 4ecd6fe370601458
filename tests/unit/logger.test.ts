import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactSecrets, redactString, runWithLogContext } from "../../packages/shared/src/logger.ts";

/** A JSON logger whose lines the test reads back. */
function capturedLogger(level = "debug") {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { logger: createLogger({ level, json: true, service: "test", stream }), lines };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("log context", () => {
  it("adds the job id to every line logged inside runWithLogContext, after awaits and in timers", async () => {
    const { logger, lines } = capturedLogger();
    await runWithLogContext({ jobId: "job-1" }, async () => {
      logger.info("started");
      await tick();
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          logger.warn("in a timer");
          resolve();
        }, 1),
      );
    });
    logger.info("after the job");
    await tick();
    expect(lines.map((line) => [line.message, line.jobId])).toEqual([
      ["started", "job-1"],
      ["in a timer", "job-1"],
      ["after the job", undefined],
    ]);
  });

  it("keeps concurrent jobs apart and lets nested contexts add fields", async () => {
    const { logger, lines } = capturedLogger();
    const job = (jobId: string) =>
      runWithLogContext({ jobId }, async () => {
        await tick();
        await runWithLogContext({ page: 2 }, async () => logger.info("page done"));
      });
    await Promise.all([job("a"), job("b")]);
    await tick();
    expect(lines.map((line) => `${line.jobId}/${line.page}`).sort()).toEqual(["a/2", "b/2"]);
  });

  it("lets a field passed explicitly win over the context", async () => {
    const { logger, lines } = capturedLogger();
    runWithLogContext({ jobId: "outer" }, () => logger.info("explicit", { jobId: "inner" }));
    await tick();
    expect(lines[0]?.jobId).toBe("inner");
  });
});

describe("secrets in logs", () => {
  const key = "ofk_AbCdEf0123456789_-xyzXYZ";

  it("replaces API keys, URL passwords and bearer credentials in text", () => {
    expect(redactString(`key ${key} used`)).toBe("key ofk_[redacted] used");
    expect(redactString("postgresql://app:s3cret@db:5432/ocr")).toBe("postgresql://app:[redacted]@db:5432/ocr");
    expect(redactString("redis://:hunter2@127.0.0.1:6379/0")).toBe("redis://:[redacted]@127.0.0.1:6379/0");
    expect(redactString("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
    expect(redactString("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });

  it("replaces secret fields whatever their content, at any depth, without changing the original", () => {
    const headers = { authorization: "Basic YWRtaW46cGFzcw==", "x-api-key": "anything", accept: "*/*" };
    const original = { request: { headers }, config: { ADMIN_PASSWORD: "pw", METRICS_TOKEN: "t", PORT: 3000 } };
    expect(redactSecrets(original)).toEqual({
      request: { headers: { authorization: "[redacted]", "x-api-key": "[redacted]", accept: "*/*" } },
      config: { ADMIN_PASSWORD: "[redacted]", METRICS_TOKEN: "[redacted]", PORT: 3000 },
    });
    expect(headers.authorization).toBe("Basic YWRtaW46cGFzcw==");
  });

  it("never writes a secret, in the message or in a field", async () => {
    const { logger, lines } = capturedLogger();
    logger.error(`rejected ${key}`, { url: "redis://user:topsecret@redis:6379", error: new Error(`bad key ${key}`) });
    await tick();
    const written = JSON.stringify(lines);
    expect(written).not.toContain(key);
    expect(written).not.toContain("topsecret");
    expect(lines[0]?.message).toBe("rejected ofk_[redacted]");
  });
});
