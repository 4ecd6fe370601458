import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../support/test-service.ts";

const ADMIN = { user: "operator", password: "correct horse battery" };
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

/** Every URL the page loads by itself: stylesheets, icons, scripts. */
function loadedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]!);
}

describe("Bull Board with admin credentials configured", () => {
  let service: TestService;
  let board: string;

  beforeAll(async () => {
    service = await startTestService({ env: { ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password } });
    board = `${service.baseUrl}/admin/queues`;
  });
  afterAll(async () => service?.close());

  it("asks for credentials with 401 and WWW-Authenticate, in the API's error format", async () => {
    const response = await fetch(board);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    const body = await response.json();
    expect(body.error.code).toBe("UNAUTHORIZED");
    expect(body.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("refuses a wrong password, a wrong user and an API-style bearer token", async () => {
    for (const headers of [
      basic(ADMIN.user, "wrong password"),
      basic("root", ADMIN.password),
      { authorization: `Bearer ${ADMIN.password}` },
    ]) {
      expect((await fetch(board, { headers })).status).toBe(401);
    }
    expect((await fetch(`${board}/api/queues`, { headers: basic(ADMIN.user, "nope") })).status).toBe(401);
  });

  it("serves the board, whose page loads nothing from outside and whose assets come from this server", async () => {
    const headers = basic(ADMIN.user, ADMIN.password);
    const response = await fetch(board, { headers });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("__UI_CONFIG__");
    const urls = loadedUrls(html);
    expect(urls.length).toBeGreaterThan(3);
    expect(urls.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    expect(html).not.toMatch(/fonts\.googleapis|cdn\.|unpkg|jsdelivr/);
    for (const url of urls) {
      const asset = await fetch(new URL(url, `${board}/`), { headers });
      expect(asset.status, url).toBe(200);
    }
  });

  it("shows the three OCR queues and the webhook deliveries under the configured prefix, with their counts", async () => {
    const { queues } = await (await fetch(`${board}/api/queues`, { headers: basic(ADMIN.user, ADMIN.password) })).json();
    const names = queues.map((queue: { name: string }) => queue.name).sort();
    expect(names).toEqual(["ocr-high", "ocr-low", "ocr-normal", "webhooks"]);
    // The board reads the queues of this service's prefix: a job added there shows.
    await service.queues.low.add("ocr-document", { jobId: crypto.randomUUID() });
    const after = await (await fetch(`${board}/api/queues`, { headers: basic(ADMIN.user, ADMIN.password) })).json();
    const low = after.queues.find((queue: { name: string }) => queue.name === "ocr-low");
    expect(low.counts.waiting + low.counts.prioritized).toBe(1);
  });

  it("offers no retry button: a failed job is replayed through the API, which resets its row", async () => {
    const { queues } = await (await fetch(`${board}/api/queues`, { headers: basic(ADMIN.user, ADMIN.password) })).json();
    for (const queue of queues) expect(queue).toMatchObject({ allowRetries: false });
  });
});

describe("Bull Board without admin credentials", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => service?.close());

  it("is off: its path answers 404, with or without credentials", async () => {
    for (const headers of [{}, basic("admin", "whatever-password")]) {
      const response = await fetch(`${service.baseUrl}/admin/queues`, { headers });
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("NOT_FOUND");
    }
  });
});
