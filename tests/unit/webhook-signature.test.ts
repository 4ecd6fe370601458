import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  signWebhookBody,
  WEBHOOK_EVENTS,
  webhookEventOf,
  webhookJobOptions,
  webhookPayloadSchema,
} from "../../packages/shared/src/webhooks/index.ts";

describe("webhook signature", () => {
  it("is sha256= and the hex HMAC-SHA256 of the body (RFC 4231 test case 2)", () => {
    expect(signWebhookBody("Jefe", "what do ya want for nothing?")).toBe(
      "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("signs the exact bytes: the same JSON re-serialised differently signs differently", () => {
    const secret = "a-webhook-secret-of-some-length";
    const compact = '{"event":"job.completed","job":{"id":"x"}}';
    const spaced = '{"event": "job.completed", "job": {"id": "x"}}';
    expect(signWebhookBody(secret, compact)).not.toBe(signWebhookBody(secret, spaced));
    expect(signWebhookBody(secret, Buffer.from(compact))).toBe(signWebhookBody(secret, compact));
    expect(signWebhookBody(secret, "é")).toBe(`sha256=${createHmac("sha256", secret).update(Buffer.from("é", "utf8")).digest("hex")}`);
  });
});

describe("webhook queue entries", () => {
  const job = { id: "0b6f3c52-1d1e-4c36-9d6e-7f1a3c0c2a11", finishedAt: new Date("2026-11-27T12:00:00Z") };

  it("names one entry per job, event and final state, without ':' (BullMQ refuses it in custom ids)", () => {
    const options = webhookJobOptions(job, "job.completed", 1_000);
    expect(options.jobId).not.toContain(":");
    expect(options.jobId).toBe(webhookJobOptions({ ...job }, "job.completed", 5).jobId);
    expect(options.jobId).not.toBe(webhookJobOptions(job, "job.failed", 1_000).jobId);
    expect(options.jobId).not.toBe(
      webhookJobOptions({ ...job, finishedAt: new Date("2026-11-27T13:00:00Z") }, "job.completed", 1_000).jobId,
    );
  });

  it("retries with exponential backoff and keeps a bounded tail in Redis", () => {
    const options = webhookJobOptions(job, "job.failed", 250);
    expect(options).toMatchObject({ attempts: 8, backoff: { type: "exponential", delay: 250 } });
    expect(options.removeOnComplete.count).toBeGreaterThan(0);
    expect(options.removeOnFail.count).toBeGreaterThan(0);
  });

  it("has an event for each final status only", () => {
    expect(["completed", "failed", "cancelled"].map(webhookEventOf)).toEqual(Object.values(WEBHOOK_EVENTS));
    expect(["queued", "processing", "toString", "constructor"].map(webhookEventOf)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("carries ids only", () => {
    expect(webhookPayloadSchema.parse({ jobId: job.id, event: "job.cancelled", extra: 1 })).toEqual({
      jobId: job.id,
      event: "job.cancelled",
    });
    expect(webhookPayloadSchema.safeParse({ jobId: job.id, event: "job.deleted" }).success).toBe(false);
  });
});
