import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { type AddressInfo, createConnection, createServer, type Socket } from "node:net";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { type ApiResponse, apiClient, expectError } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

const started: TestService[] = [];

/** Two API instances of one installation: the same database, Redis and QUEUE_PREFIX. */
async function startTwoInstances(limits: Record<string, string>): Promise<[TestService, TestService]> {
  const env = { QUEUE_PREFIX: `test-rate-${randomUUID()}`, RATE_LIMIT_WINDOW_S: "60", ...limits };
  const pair: [TestService, TestService] = [await startTestService({ env }), await startTestService({ env })];
  started.push(...pair);
  return pair;
}

function expectRateLimited(response: ApiResponse, windowS: number): number {
  expectError(response, 429, "RATE_LIMITED");
  const retryAfter = response.headers.get("retry-after") ?? "";
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowS);
  expect(response.headers.get("ratelimit-remaining")).toBe("0");
  return Number(retryAfter);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One after the other: two instances on one prefix must not obliterate the same queues at once.
async function closeStarted(): Promise<void> {
  for (const service of started.splice(0)) await service.close();
}
afterEach(closeStarted);
afterAll(closeStarted);

describe("the per-key limit", () => {
  it("is shared by every API instance: N requests split over two, the next one on either is refused with Retry-After", async () => {
    const [first, second] = await startTwoInstances({ RATE_LIMIT_PER_KEY: "6", RATE_LIMIT_PER_IP: "1000" });
    const { key } = await first.createUser();
    const clients = [apiClient(first.baseUrl, key), apiClient(second.baseUrl, key)];
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await clients[i % 2]!.get("/api/v1/documents");
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers.get("ratelimit-limit")).toBe("6");
      remaining.push(response.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["5", "4", "3", "2", "1", "0"]);
    expectRateLimited(await clients[0]!.get("/api/v1/documents"), 60);
    expectRateLimited(await clients[1]!.get("/api/v1/jobs"), 60);
  });

  it("leaves other keys alone: another user's key still passes on both instances", async () => {
    const [first, second] = await startTwoInstances({ RATE_LIMIT_PER_KEY: "2", RATE_LIMIT_PER_IP: "1000" });
    const busy = apiClient(first.baseUrl, (await first.createUser()).key);
    for (let i = 0; i < 2; i++) expect((await busy.get("/api/v1/documents")).status).toBe(200);
    expectRateLimited(await busy.get("/api/v1/documents"), 60);
    const { key: otherKey } = await first.createUser();
    expect((await apiClient(first.baseUrl, otherKey).get("/api/v1/documents")).status).toBe(200);
    expect((await apiClient(second.baseUrl, otherKey).get("/api/v1/documents")).status).toBe(200);
  });

  it("lets requests through again once the window has passed", async () => {
    const [first, second] = await startTwoInstances({ RATE_LIMIT_PER_KEY: "2", RATE_LIMIT_PER_IP: "1000", RATE_LIMIT_WINDOW_S: "1" });
    const { key } = await first.createUser();
    const clients = [apiClient(first.baseUrl, key), apiClient(second.baseUrl, key)];
    expect((await clients[0]!.get("/api/v1/documents")).status).toBe(200);
    expect((await clients[1]!.get("/api/v1/documents")).status).toBe(200);
    const retryAfter = expectRateLimited(await clients[0]!.get("/api/v1/documents"), 1);
    await sleep(retryAfter * 1000 + 100);
    const again = await clients[1]!.get("/api/v1/documents");
    expect(again.status, JSON.stringify(again.body)).toBe(200);
  });
});

describe("the per-IP limit", () => {
  it("counts requests before authentication: refused keys use it up, then even a valid key is refused", async () => {
    const [first, second] = await startTwoInstances({ RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_PER_IP: "4" });
    for (let i = 0; i < 4; i++) {
      const guess = apiClient([first, second][i % 2]!.baseUrl, `ofk_guess-${i}`);
      expectError(await guess.get("/api/v1/documents"), 401, "UNAUTHORIZED");
    }
    const guessed = await apiClient(second.baseUrl, "ofk_guess-5").get("/api/v1/documents");
    expectRateLimited(guessed, 60);
    const { key } = await first.createUser();
    expectRateLimited(await apiClient(first.baseUrl, key).get("/api/v1/documents"), 60);
    expectRateLimited(await apiClient(first.baseUrl).get("/no-such-route"), 60);
  });

  it("never limits health, metrics, the OpenAPI document or the docs", async () => {
    const [first] = await startTwoInstances({ RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_PER_IP: "1" });
    expect((await apiClient(first.baseUrl).get("/api/v1/documents")).status).toBe(401);
    expect((await apiClient(first.baseUrl).get("/api/v1/documents")).status).toBe(429);
    for (let round = 0; round < 3; round++) {
      for (const route of ["/health/live", "/health/ready", "/metrics", "/openapi.json", "/docs/"]) {
        const response = await fetch(`${first.baseUrl}${route}`);
        expect(response.status, route).toBe(200);
        expect(response.headers.get("ratelimit-limit"), route).toBeNull();
      }
    }
  });
});

describe("when the API's Redis is down", () => {
  it("answers at once, counting in this instance's memory instead of failing the request", async () => {
    const service = await startTestService({
      apiRedisUrl: "redis://127.0.0.1:1",
      env: { RATE_LIMIT_PER_KEY: "3", RATE_LIMIT_PER_IP: "1000" },
    });
    started.push(service);
    const client = apiClient(service.baseUrl, (await service.createUser()).key);
    for (let i = 0; i < 3; i++) {
      const response = await client.get("/api/v1/documents");
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers.get("ratelimit-remaining")).toBe(String(2 - i));
    }
    expectRateLimited(await client.get("/api/v1/documents"), 60);
  });
});

/**
 * A loopback proxy to the suite's Redis whose replies can be held back: Redis
 * still connected, but not answering. Held replies are sent on `resume`, in order.
 */
async function startStallingProxy() {
  const target = new URL(inject("redisUrl"));
  const sockets = new Set<Socket>();
  const held: [Socket, Buffer][] = [];
  let stalled = false;
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
    sockets.add(client).add(upstream);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => (stalled ? held.push([client, chunk]) : client.write(chunk)));
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on("error", () => to.destroy());
      from.on("close", () => to.destroy());
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const [client, chunk] of held.splice(0)) client.write(chunk);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe("when the API's Redis stops answering", () => {
  it("waits for it only briefly, then counts in this instance's memory", async () => {
    const proxy = await startStallingProxy();
    try {
      const service = await startTestService({ apiRedisUrl: proxy.url, env: { RATE_LIMIT_PER_KEY: "2", RATE_LIMIT_PER_IP: "0" } });
      started.push(service);
      await waitFor("the API's Redis to be ready", async () => (await fetch(`${service.baseUrl}/health/ready`)).ok, 10_000);
      const client = apiClient(service.baseUrl, (await service.createUser()).key);
      const counted = await client.get("/api/v1/documents");
      expect(counted.headers.get("ratelimit-remaining")).toBe("1");
      proxy.stall();
      // Redis would say 0 left; memory starts this key afresh.
      const fallback = await client.get("/api/v1/documents");
      expect(fallback.status).toBe(200);
      expect(fallback.headers.get("ratelimit-remaining")).toBe("1");
      expect((await client.get("/api/v1/documents")).headers.get("ratelimit-remaining")).toBe("0");
      expectRateLimited(await client.get("/api/v1/documents"), 60);
      proxy.resume();
      await closeStarted();
    } finally {
      proxy.resume();
      await proxy.close();
    }
  });
});
