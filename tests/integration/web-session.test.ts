import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionIdOf } from "../../apps/api/src/session/session-token.ts";
import { sessionSchema } from "../../packages/shared/src/validators/index.ts";
import { expectError, UNKNOWN_ID } from "../support/http-client.ts";
import { runCli } from "../support/run-cli.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** A browser's requests: no API key, only the cookie (and the CSRF header when given). */
function browser(service: TestService) {
  let cookie = "";
  const send = async (method: string, route: string, init: { json?: unknown; csrf?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (cookie) headers.cookie = cookie;
    if (init.csrf !== undefined) headers["x-csrf-token"] = init.csrf;
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${service.baseUrl}${route}`, {
      method,
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) cookie = setCookie.split(";")[0]!.endsWith("=") ? "" : setCookie.split(";")[0]!;
    const text = await response.text();
    const body = response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body } as Answer;
  };
  return {
    send,
    signIn: (apiKey: string) => send("POST", "/api/v1/session", { json: { apiKey } }),
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
  };
}

const tokenOf = (cookie: string) => cookie.split("=")[1]!;

describe("signing in to the web app with an API key", () => {
  let service: TestService;
  let user: { key: string; userId: string };

  beforeAll(async () => {
    service = await startTestService();
    user = await service.createUser("alice");
  });
  afterAll(async () => service?.close());

  it("exchanges the key for an HttpOnly, SameSite=Strict session cookie and a CSRF token, never sending the key back", async () => {
    const client = browser(service);
    const answer = await client.signIn(user.key);
    expect(answer.status).toBe(201);
    const session = sessionSchema.parse(answer.body.session);
    expect(session.user).toEqual({ id: user.userId, name: "alice" });
    expect(session.adminBoard).toBeNull();
    const setCookie = answer.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^ocrflow_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).toMatch(/; Max-Age=43200/);
    // Plain HTTP here, with SESSION_COOKIE_SECURE=auto: a Secure cookie would never come back.
    expect(setCookie).not.toMatch(/; Secure/i);
    expect(JSON.stringify(answer.body)).not.toContain(user.key);
    expect(setCookie).not.toContain(user.key);
  });

  it("stores only the token's hash, with its expiry", async () => {
    const client = browser(service);
    const { body } = await client.signIn(user.key);
    const token = tokenOf(client.cookie);
    const row = await service.db.session.findUnique({ where: { id: sessionIdOf(token) } });
    expect(row?.expiresAt.toISOString()).toBe(body.session.expiresAt);
    expect(await service.db.session.findUnique({ where: { id: token } })).toBeNull();
  });

  it("lets the cookie stand for the key on every API route that only reads", async () => {
    const client = browser(service);
    await client.signIn(user.key);
    expect((await client.send("GET", "/api/v1/jobs")).status).toBe(200);
    expect((await client.send("GET", "/api/v1/session")).body.session.user.id).toBe(user.userId);
  });

  it("refuses an unknown or revoked key, a key sent as a form, and a body that is not the key alone", async () => {
    const client = browser(service);
    expectError(await client.signIn("ofk_not-a-key"), 401, "UNAUTHORIZED");
    expectError(await client.send("POST", "/api/v1/session", { json: {} }), 400, "VALIDATION_FAILED");
    expectError(await client.send("POST", "/api/v1/session", { json: { apiKey: user.key, remember: true } }), 400, "VALIDATION_FAILED");
    const form = await fetch(`${service.baseUrl}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `apiKey=${encodeURIComponent(user.key)}`,
    });
    expect(form.status).toBe(415);
    expect(form.headers.get("set-cookie")).toBeNull();
    const revoked = await service.createUser("revoked");
    await service.db.apiKey.updateMany({ where: { userId: revoked.userId }, data: { revokedAt: new Date() } });
    expectError(await client.signIn(revoked.key), 401, "UNAUTHORIZED");
  });
});

describe("a signed-in browser changing anything", () => {
  let service: TestService;
  let user: { key: string; userId: string };

  beforeAll(async () => {
    service = await startTestService();
    user = await service.createUser();
  });
  afterAll(async () => service?.close());

  it("must send the session's CSRF token: without it or with another session's, 403 and nothing done", async () => {
    const client = browser(service);
    const { body } = await client.signIn(user.key);
    const other = browser(service);
    const otherToken = (await other.signIn(user.key)).body.session.csrfToken;
    const submit = (csrf?: string) => client.send("POST", "/api/v1/jobs", { json: { documentId: UNKNOWN_ID }, csrf });
    expectError(await submit(), 403, "CSRF_FAILED");
    expectError(await submit(""), 403, "CSRF_FAILED");
    expectError(await submit(otherToken), 403, "CSRF_FAILED");
    expectError(await client.send("DELETE", "/api/v1/session"), 403, "CSRF_FAILED");
    // With its token the request goes through to the route, which answers for the unknown document.
    expectError(await submit(body.session.csrfToken), 404, "NOT_FOUND");
    expect((await client.send("GET", "/api/v1/session")).status).toBe(200);
  });

  it("needs no CSRF token when it sends an API key instead (no other site can set that header)", async () => {
    const response = await fetch(`${service.baseUrl}/api/v1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: JSON.stringify({ documentId: UNKNOWN_ID }),
    });
    expect(response.status).toBe(404);
  });
});

describe("when a session ends", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => service?.close());

  it("signs out with its CSRF token: the row is deleted, the cookie cleared, and the old cookie refused", async () => {
    const user = await service.createUser();
    const client = browser(service);
    const { body } = await client.signIn(user.key);
    const cookie = client.cookie;
    const out = await client.send("DELETE", "/api/v1/session", { csrf: body.session.csrfToken });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^ocrflow_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(await service.db.session.count({ where: { id: sessionIdOf(tokenOf(cookie)) } })).toBe(0);
    client.cookie = cookie;
    expectError(await client.send("GET", "/api/v1/jobs"), 401, "UNAUTHORIZED");
    expectError(await client.send("GET", "/api/v1/session"), 401, "UNAUTHORIZED");
  });

  it("stops working once its API key is revoked", async () => {
    const user = await service.createUser();
    const client = browser(service);
    await client.signIn(user.key);
    expect((await client.send("GET", "/api/v1/jobs")).status).toBe(200);
    await service.db.apiKey.updateMany({ where: { userId: user.userId }, data: { revokedAt: new Date() } });
    expectError(await client.send("GET", "/api/v1/jobs"), 401, "UNAUTHORIZED");
  });

  it("is deleted with the others of its key by `pnpm ocrflow keys revoke`", async () => {
    const user = await service.createUser();
    const client = browser(service);
    await client.signIn(user.key);
    await browser(service).signIn(user.key);
    const [key] = await service.db.apiKey.findMany({ where: { userId: user.userId } });
    expect(await service.db.session.count({ where: { apiKeyId: key!.id } })).toBe(2);
    const run = await runCli(["keys", "revoke", key!.id], { DATABASE_URL: fileDatabaseUrl() });
    expect(run.code, run.stderr).toBe(0);
    expect(await service.db.session.count({ where: { apiKeyId: key!.id } })).toBe(0);
    expectError(await client.send("GET", "/api/v1/jobs"), 401, "UNAUTHORIZED");
  });

  it("stops working at its expiry, and expired rows are swept at the next sign-in", async () => {
    const user = await service.createUser();
    const client = browser(service);
    await client.signIn(user.key);
    const id = sessionIdOf(tokenOf(client.cookie));
    await service.db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await client.send("GET", "/api/v1/jobs"), 401, "UNAUTHORIZED");
    await browser(service).signIn(user.key);
    expect(await service.db.session.count({ where: { id } })).toBe(0);
  });

  it("is extended when used past half its life, cookie and row alike", async () => {
    const user = await service.createUser();
    const client = browser(service);
    await client.signIn(user.key);
    const id = sessionIdOf(tokenOf(client.cookie));
    const soon = new Date(Date.now() + 60_000);
    await service.db.session.update({ where: { id }, data: { expiresAt: soon } });
    const answer = await client.send("GET", "/api/v1/session");
    expect(answer.headers.get("set-cookie")).toMatch(/Max-Age=43200/);
    const expiresAt = new Date(answer.body.session.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    expect((await service.db.session.findUnique({ where: { id } }))?.expiresAt.getTime()).toBe(expiresAt);
  });
});

describe("with SESSION_COOKIE_SECURE=true, a short SESSION_TTL_HOURS and the admin board on", () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      env: { SESSION_COOKIE_SECURE: "true", SESSION_TTL_HOURS: "0.5", ADMIN_USER: "operator", ADMIN_PASSWORD: "correct horse battery" },
    });
  });
  afterAll(async () => service?.close());

  it("sets a Secure __Host- cookie for the configured time and names the board's path", async () => {
    const user = await service.createUser();
    const answer = await browser(service).signIn(user.key);
    expect(answer.status).toBe(201);
    const setCookie = answer.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^__Host-ocrflow_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; Max-Age=1800/);
    expect(answer.body.session.adminBoard).toBe("/admin/queues");
  });
});
