import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook } from "../../apps/worker/src/webhooks/post-webhook.ts";
import {
  isRetryableDelivery,
  MissingSecretError,
  RefusedTargetError,
  WebhookStatusError,
} from "../../apps/worker/src/webhooks/webhook-errors.ts";

describe("posting a webhook", () => {
  const requests: { url?: string; host?: string; signature?: string; body: string }[] = [];
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      requests.push({
        url: req.url,
        host: req.headers.host,
        signature: req.headers["x-ocrflow-signature"] as string,
        body: Buffer.concat(chunks).toString(),
      });
      if (req.url === "/redirect") res.writeHead(302, { location: "/elsewhere" }).end();
      else if (req.url === "/chatty") res.writeHead(200).end(Buffer.alloc(1024 * 1024, 0x61));
      else res.writeHead(204).end();
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const target = (name: string, path: string) => ({
    url: new URL(`http://${name}:${port}${path}`),
    addresses: [{ address: "127.0.0.1", family: 4 as const }],
  });

  it("connects to the checked address whatever the name would resolve to now", async () => {
    requests.length = 0;
    const status = await postWebhook(target("rebound.invalid", "/hook"), '{"a":1}', "sha256=abc");
    expect(status).toBe(204);
    expect(requests).toEqual([{ url: "/hook", host: `rebound.invalid:${port}`, signature: "sha256=abc", body: '{"a":1}' }]);
  });

  it("does not follow redirects: a 3xx is the answer", async () => {
    requests.length = 0;
    expect(await postWebhook(target("localhost", "/redirect"), "{}", "sha256=abc")).toBe(302);
    expect(requests.map((request) => request.url)).toEqual(["/redirect"]);
  });

  it("answers with the status of a receiver that sends a large body", async () => {
    expect(await postWebhook(target("localhost", "/chatty"), "{}", "sha256=abc")).toBe(200);
  });

  it("rejects when nothing listens at the checked address", async () => {
    const closed = { url: new URL("http://localhost:1/hook"), addresses: [{ address: "127.0.0.1", family: 4 as const }] };
    await expect(postWebhook(closed, "{}", "sha256=abc")).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("which failed deliveries are retried", () => {
  it("retries 408, 429, 3xx and 5xx answers and connection errors", () => {
    for (const status of [408, 429, 302, 500, 502, 503])
      expect(isRetryableDelivery(new WebhookStatusError(status)), String(status)).toBe(true);
    expect(isRetryableDelivery(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))).toBe(true);
  });

  it("gives up on other 4xx answers, refused targets and a missing secret", () => {
    for (const status of [400, 401, 403, 404, 410, 422])
      expect(isRetryableDelivery(new WebhookStatusError(status)), String(status)).toBe(false);
    expect(isRetryableDelivery(new RefusedTargetError("intranet.example", "10.0.0.5"))).toBe(false);
    expect(isRetryableDelivery(new MissingSecretError())).toBe(false);
  });
});
