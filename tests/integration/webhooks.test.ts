import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { lookup } from "node:dns/promises";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookBodySchema } from "../../apps/api/src/openapi/webhook-events.ts";
import { sweepWebhooks } from "../../apps/worker/src/webhooks/sweep-webhooks.ts";
import { createAllowedNetworks, isAddressRefused } from "../../packages/shared/src/webhooks/index.ts";
import { fileForm, waitForJob, expectError, type ApiClient, apiClient, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

const SECRET = "webhook-test-secret-0123456789";
const LOOPBACK_ALLOWED = { WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128", WEBHOOK_RETRY_DELAY_MS: "200" };

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  answered: number;
}

/** A real HTTP receiver on loopback: records every request per path and answers as `answer` says. */
async function startReceiver() {
  const deliveries = new Map<string, Delivery[]>();
  const answers = new Map<string, (tryNo: number) => number>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "/";
    const list = deliveries.get(path) ?? [];
    const answered = answers.get(path)?.(list.length + 1) ?? 204;
    list.push({ headers: req.headers, body: Buffer.concat(chunks), answered });
    deliveries.set(path, list);
    res.writeHead(answered).end("thanks");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    port,
    /** A fresh path on this receiver, optionally answered per try (1-based) with a status. */
    newHook(answer?: (tryNo: number) => number, host = "127.0.0.1") {
      const path = `/hook/${randomUUID()}`;
      if (answer) answers.set(path, answer);
      return { url: `http://${host}:${port}${path}`, received: () => deliveries.get(path) ?? [] };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** The signature a receiver computes over the raw bytes it read. */
function expectSigned(delivery: Delivery): any {
  const expected = `sha256=${createHmac("sha256", SECRET).update(delivery.body).digest("hex")}`;
  const header = String(delivery.headers["x-ocrflow-signature"]);
  expect(header).toBe(expected);
  expect(timingSafeEqual(Buffer.from(header), Buffer.from(expected))).toBe(true);
  expect(delivery.headers["content-type"]).toBe("application/json");
  const payload = JSON.parse(delivery.body.toString("utf8"));
  // The schema /openapi.json gives for it: a drifting Job JSON fails here.
  webhookBodySchema.parse(payload);
  return payload;
}

async function webhookStateOf(service: TestService, jobId: string): Promise<string | null | undefined> {
  return (await service.db.job.findUnique({ where: { id: jobId }, select: { webhookState: true } }))?.webhookState;
}

function waitForDeliveries(hook: { received: () => Delivery[] }, count: number, what: string): Promise<Delivery[]> {
  return waitFor(what, () => hook.received().length >= count && hook.received(), 60_000);
}

/** New content each call that the worker fails at once (CORRUPT_FILE, no retry); it ends like a PDF, so the upload takes it. */
function corruptPdf(): Buffer {
  return Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2048, 0x41), Buffer.from(`\n%${randomUUID()}\n%%EOF\n`)]);
}

describe("webhooks to a receiver on loopback, with loopback allowed", () => {
  let service: TestService;
  let receiver: Receiver;
  let client: ApiClient;
  let knownContent: Buffer;

  beforeAll(async () => {
    receiver = await startReceiver();
    service = await startTestService({ withWorker: true, env: LOOPBACK_ALLOWED });
    client = apiClient(service.baseUrl, (await service.createUser("webhooks")).key);
    knownContent = await uniqueFixture("page-eng.png");
  });
  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  it("posts job.completed once, signed over the exact body, with the Job the API returns", async () => {
    const hook = receiver.newHook();
    const submitted = await client.postForm("/api/v1/jobs", fileForm(knownContent, "page.png", { webhookUrl: hook.url }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const jobId = submitted.body.job.id;
    expect((await waitForJob(client, jobId)).status).toBe("completed");

    const [delivery] = await waitForDeliveries(hook, 1, "the job.completed webhook");
    const payload = expectSigned(delivery);
    const { body } = await client.get(`/api/v1/jobs/${jobId}`);
    expect(payload).toEqual({ event: "job.completed", job: body.job });
    expect(payload.job).toMatchObject({ id: jobId, status: "completed", cached: false, progress: 100 });
    await waitFor("the delivery recorded", async () => (await webhookStateOf(service, jobId)) === "delivered");
    expect(hook.received()).toHaveLength(1);
  });

  it("posts job.completed for an answer from the result cache, alone and in a batch", async () => {
    const single = receiver.newHook();
    const submitted = await client.postForm("/api/v1/jobs", fileForm(knownContent, "again.png", { webhookUrl: single.url }));
    expect(submitted.body.job).toMatchObject({ status: "completed", cached: true });
    const payload = expectSigned((await waitForDeliveries(single, 1, "the cached answer's webhook"))[0]);
    expect(payload).toEqual({ event: "job.completed", job: submitted.body.job });

    const batchHook = receiver.newHook();
    const documentId = submitted.body.job.documentId;
    const batch = await client.postJson("/api/v1/jobs/batch", { documentIds: [documentId, documentId], webhookUrl: batchHook.url });
    expect(batch.status, JSON.stringify(batch.body)).toBe(202);
    const deliveries = await waitForDeliveries(batchHook, 2, "one webhook per cached job of the batch");
    const jobIds = deliveries.map((delivery) => expectSigned(delivery).job.id).sort();
    expect(jobIds).toEqual(batch.body.jobs.map((job: { id: string }) => job.id).sort());
  });

  it("posts job.failed for a job that fails", async () => {
    const hook = receiver.newHook();
    const submitted = await client.postForm("/api/v1/jobs", fileForm(corruptPdf(), "broken.pdf", { webhookUrl: hook.url }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    expect((await waitForJob(client, submitted.body.job.id)).status).toBe("failed");
    const payload = expectSigned((await waitForDeliveries(hook, 1, "the job.failed webhook"))[0]);
    expect(payload).toMatchObject({
      event: "job.failed",
      job: { id: submitted.body.job.id, status: "failed", error: { code: "CORRUPT_FILE" } },
    });
  });

  it("posts job.cancelled for a cancelled job", async () => {
    const hook = receiver.newHook();
    const bytes = await uniqueFixture("three-pages.tiff");
    const submitted = await client.postForm("/api/v1/jobs", fileForm(bytes, "pages.tiff", { webhookUrl: hook.url, priority: "low" }));
    const cancelled = await client.post(`/api/v1/jobs/${submitted.body.job.id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const payload = expectSigned((await waitForDeliveries(hook, 1, "the job.cancelled webhook"))[0]);
    expect(payload).toEqual({ event: "job.cancelled", job: cancelled.body.job });
  });

  it("retries a receiver answering 500 twice and delivers on the third try", async () => {
    const hook = receiver.newHook((tryNo) => (tryNo <= 2 ? 500 : 200));
    const submitted = await client.postForm("/api/v1/jobs", fileForm(knownContent, "retry.png", { webhookUrl: hook.url }));
    const jobId = submitted.body.job.id;
    const deliveries = await waitForDeliveries(hook, 3, "three tries of the webhook");
    expect(deliveries.map((delivery) => delivery.answered)).toEqual([500, 500, 200]);
    expect(new Set(deliveries.map((delivery) => delivery.body.toString())).size).toBe(1);
    for (const delivery of deliveries) expectSigned(delivery);
    await waitFor("the delivery recorded", async () => (await webhookStateOf(service, jobId)) === "delivered");
  });

  it("delivers to a host name through the addresses it checked, with the name as Host", async () => {
    const hook = receiver.newHook(undefined, "localhost");
    const submitted = await client.postForm("/api/v1/jobs", fileForm(knownContent, "named.png", { webhookUrl: hook.url }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const [delivery] = await waitForDeliveries(hook, 1, "the webhook to localhost");
    expect(delivery.headers.host).toBe(`localhost:${receiver.port}`);
    expect(expectSigned(delivery)).toEqual({ event: "job.completed", job: submitted.body.job });
  });

  it("documents the webhook in /openapi.json", async () => {
    const document = await (await fetch(`${service.baseUrl}/openapi.json`)).json();
    const operation = document.webhooks.jobFinished.post;
    expect(operation.parameters.map((parameter: { name: string; in: string }) => [parameter.in, parameter.name])).toEqual([
      ["header", "X-Ocrflow-Signature"],
    ]);
    expect(document.components.schemas.WebhookEvent.properties.event.enum).toEqual(["job.completed", "job.failed", "job.cancelled"]);
  });

  it("gives up at once on a 404, without retrying", async () => {
    const hook = receiver.newHook(() => 404);
    const submitted = await client.postForm("/api/v1/jobs", fileForm(knownContent, "gone.png", { webhookUrl: hook.url }));
    const jobId = submitted.body.job.id;
    await waitFor("the webhook given up", async () => (await webhookStateOf(service, jobId)) === "failed");
    expect(hook.received().map((delivery) => delivery.answered)).toEqual([404]);
    const entry = await service.webhooks.queue.getJob(`${jobId}-job.completed-${Date.parse(submitted.body.job.finishedAt)}`);
    // The job's row says "failed" before BullMQ has moved the delivery's entry to its failed set.
    await waitFor("the delivery's queue entry failed", async () => (await entry?.getState()) === "failed");
    expect((await service.webhooks.queue.getJob(entry!.id!))?.attemptsMade).toBe(1);
  });
});

describe("webhooks without the loopback allowance", () => {
  let service: TestService;
  let receiver: Receiver;
  let client: ApiClient;

  beforeAll(async () => {
    receiver = await startReceiver();
    service = await startTestService({ withWorker: true, env: { WEBHOOK_SECRET: SECRET, WEBHOOK_RETRY_DELAY_MS: "200" } });
    client = apiClient(service.baseUrl, (await service.createUser("strict")).key);
  });
  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  it("refuses a literal loopback or metadata address at submit with 422 INVALID_OPTION", async () => {
    const bytes = await uniqueFixture("page-eng.png");
    for (const webhookUrl of [
      receiver.newHook().url,
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]:9/hook",
      "http://[2002:7f00:1::]:9/hook",
    ]) {
      const response = await client.postForm("/api/v1/jobs", fileForm(bytes, "page.png", { webhookUrl }));
      expectError(response, 422, "INVALID_OPTION");
      expect(response.body.error.message).toMatch(/private, loopback or link-local/);
    }
    expect((await client.get("/api/v1/jobs")).body.total).toBe(0);
  });

  it("refuses at delivery a host name that resolves to a refused address, sending nothing", async () => {
    // The machine's own name resolves to loopback or a private address, never a public one.
    const name = hostname();
    const addresses = await lookup(name, { all: true });
    expect(addresses.length).toBeGreaterThan(0);
    expect(addresses.every(({ address }) => isAddressRefused(address, createAllowedNetworks([])))).toBe(true);

    const hook = receiver.newHook(undefined, name);
    const submitted = await client.postForm("/api/v1/jobs", fileForm(corruptPdf(), "broken.pdf", { webhookUrl: hook.url }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const jobId = submitted.body.job.id;
    expect((await waitForJob(client, jobId)).status).toBe("failed");
    await waitFor("the webhook refused", async () => (await webhookStateOf(service, jobId)) === "failed");
    expect(hook.received()).toEqual([]);
  });
});

describe("webhooks while no WEBHOOK_SECRET is configured", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ env: { WEBHOOK_ALLOWED_NETWORKS: "127.0.0.0/8" } });
    client = apiClient(service.baseUrl, (await service.createUser("unsigned")).key);
  });
  afterAll(async () => service?.close());

  it("refuses a webhookUrl with 422 INVALID_OPTION saying webhooks need the secret", async () => {
    const { body } = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("page-eng.png"), "page.png"));
    const webhookUrl = "https://hooks.example.com/ocr";
    const single = expectError(await client.postJson("/api/v1/jobs", { documentId: body.document.id, webhookUrl }), 422, "INVALID_OPTION");
    expect(single.body.error.message).toMatch(/WEBHOOK_SECRET/);
    const batch = await client.postJson("/api/v1/jobs/batch", { documentIds: [body.document.id], webhookUrl });
    expectError(batch, 422, "INVALID_OPTION");
    expect((await client.get("/api/v1/jobs")).body.total).toBe(0);
    // Without a webhook the same submit goes through.
    expect((await client.postJson("/api/v1/jobs", { documentId: body.document.id })).status).toBe(202);
  });
});

describe("when a webhook's queue entry is lost", () => {
  let service: TestService;
  let receiver: Receiver;
  let client: ApiClient;

  beforeAll(async () => {
    receiver = await startReceiver();
    // No worker yet: the entry waits in the queue where the test can lose it.
    service = await startTestService({ env: LOOPBACK_ALLOWED });
    client = apiClient(service.baseUrl, (await service.createUser("sweep")).key);
  });
  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  it("the sweep enqueues the pending delivery again and the worker sends it once", async () => {
    const hook = receiver.newHook();
    const bytes = await uniqueFixture("page-eng.png");
    const submitted = await client.postForm("/api/v1/jobs", fileForm(bytes, "page.png", { webhookUrl: hook.url }));
    const cancelled = await client.post(`/api/v1/jobs/${submitted.body.job.id}/cancel`);
    const job = cancelled.body.job;
    expect(job.status).toBe("cancelled");
    expect(await webhookStateOf(service, job.id)).toBe("pending");

    const entryId = `${job.id}-job.cancelled-${Date.parse(job.finishedAt)}`;
    expect(await service.webhooks.queue.getJob(entryId)).toBeDefined();
    expect(await service.webhooks.queue.remove(entryId)).toBe(1);
    expect(await service.webhooks.queue.getJob(entryId)).toBeUndefined();

    expect(await sweepWebhooks(service.webhooks, 0)).toBeGreaterThanOrEqual(1);
    expect(await service.webhooks.queue.getJob(entryId)).toBeDefined();
    // A second sweep finds the entry there and adds nothing.
    await sweepWebhooks(service.webhooks, 0);
    expect(await service.webhooks.queue.getWaitingCount()).toBe(1);

    await service.startWorker();
    const [delivery] = await waitForDeliveries(hook, 1, "the swept webhook");
    expect(expectSigned(delivery)).toEqual({ event: "job.cancelled", job });
    await waitFor("the delivery recorded", async () => (await webhookStateOf(service, job.id)) === "delivered");
    expect(hook.received()).toHaveLength(1);
  });
});
