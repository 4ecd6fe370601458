import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamJobEvents } from "../../apps/api/src/jobs/stream-job-events.ts";
import { fileForm, expectError, type ApiClient, apiClient, UNKNOWN_ID, uniqueFixture } from "../support/http-client.ts";
import { type ReadEventsOptions, readEventStream } from "../support/event-stream.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

/** Follows GET /api/v1/jobs/:id/events with the key (see readEventStream). */
function readEvents(service: TestService, key: string, jobId: string, options: Omit<ReadEventsOptions, "headers"> = {}) {
  return readEventStream(`${service.baseUrl}/api/v1/jobs/${jobId}/events`, { ...options, headers: { authorization: `Bearer ${key}` } });
}

describe("when a client follows a job's events and no worker runs", () => {
  let service: TestService;
  let key: string;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService();
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
  });
  afterAll(async () => service?.close());

  const submit = async () => (await client.postForm("/api/v1/jobs", fileForm(await uniqueFixture("tiny.gif"), "t.gif"))).body.job;

  it("sends the current job at once, then the final cancelled event, and closes", async () => {
    const job = await submit();
    const { response, events, closedByServer } = await readEvents(service, key, job.id, {
      onFirstEvent: () => client.post(`/api/v1/jobs/${job.id}/cancel`),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-cache");
    expect(events.map((event) => event.event)).toEqual(["progress", "cancelled"]);
    expect(events[0]!.data).toMatchObject({ id: job.id, status: "queued", progress: 0 });
    expect(events[1]!.data).toMatchObject({ id: job.id, status: "cancelled" });
    expect(events[1]!.data).toEqual((await client.get(`/api/v1/jobs/${job.id}`)).body.job);
    expect(closedByServer).toBe(true);
  });

  it("sends only the final event for a job that is already finished", async () => {
    const job = await submit();
    await client.post(`/api/v1/jobs/${job.id}/cancel`);
    const { events, closedByServer } = await readEvents(service, key, job.id);
    expect(events.map((event) => event.event)).toEqual(["cancelled"]);
    expect(closedByServer).toBe(true);
  });

  it("sends a progress event when the job changes, and nothing while it does not", async () => {
    const job = await submit();
    const { events } = await readEvents(service, key, job.id, {
      stopWhen: (seen) => seen.length >= 2,
      onFirstEvent: () => service.db.job.update({ where: { id: job.id }, data: { status: "processing", progress: 40 } }),
    });
    expect(events.map((event) => [event.event, event.data.status, event.data.progress])).toEqual([
      ["progress", "queued", 0],
      ["progress", "processing", 40],
    ]);
  });

  it("keeps an idle stream alive with a heartbeat comment about every 15 s", { timeout: 30_000 }, async () => {
    const job = await submit();
    const { events } = await readEvents(service, key, job.id, { stopWhen: (seen) => seen.some((event) => event.comment) });
    expect(events[0]!.event).toBe("progress");
    expect(events[1]).toEqual({ comment: "heartbeat" });
  });

  it("stops polling as soon as the client goes away", async () => {
    const job = await submit();
    const disconnected = new AbortController();
    const sent: string[] = [];
    const sink = { event: (name: string) => sent.push(name), comment: () => sent.push("comment") };
    const following = streamJobEvents(service.db, job.id, sink, disconnected.signal, { pollMs: 50, heartbeatMs: 60_000 });
    await waitFor("the first event", () => sent.length > 0, 10_000, 20);
    disconnected.abort();
    // The loop returns once aborted: no timer or poll is left behind.
    await expect(Promise.race([following.then(() => "returned"), sleep(500).then(() => "still running")])).resolves.toBe("returned");
    expect(sent).toEqual(["progress"]);
  });

  it("answers 404 as JSON for another user's job, and 400 for a bad id", async () => {
    const job = await submit();
    const other = apiClient(service.baseUrl, (await service.createUser("other")).key);
    expectError(await other.get(`/api/v1/jobs/${job.id}/events`), 404, "NOT_FOUND");
    expectError(await other.get(`/api/v1/jobs/${UNKNOWN_ID}/events`), 404, "NOT_FOUND");
    expectError(await client.get("/api/v1/jobs/zzz/events"), 400, "VALIDATION_FAILED");
  });
});

describe("when a client follows a multi-page job through the worker", () => {
  let service: TestService;
  let key: string;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    key = (await service.createUser()).key;
    client = apiClient(service.baseUrl, key);
  });
  afterAll(async () => service?.close());

  it("streams progress page by page and ends with the completed job", async () => {
    const { body } = await client.postForm("/api/v1/jobs", fileForm(await uniqueFixture("three-pages.tiff"), "three.tiff"));
    const { events, closedByServer } = await readEvents(service, key, body.job.id);
    expect(closedByServer).toBe(true);
    const final = events.at(-1)!;
    expect(final.event).toBe("completed");
    expect(final.data).toMatchObject({ id: body.job.id, status: "completed", progress: 100 });
    const progress = events.filter((event) => event.event === "progress").map((event) => event.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.some((value) => value > 0 && value < 100)).toBe(true);
    expect(events.slice(0, -1).every((event) => event.event === "progress" || event.comment)).toBe(true);
  });
});
