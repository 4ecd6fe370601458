import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, fixture, uniqueCopy } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const ADMIN = { user: "operator", password: "correct horse battery" };
const adminHeaders = { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` };

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What a page needs that script-src 'self' would block: inline scripts that run, and inline event handlers. */
function inlineCode(html: string): string[] {
  const inlineScripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter(([, attributes, body]) => !/\bsrc=/.test(attributes!) && !/type="application\/json"/.test(attributes!) && body!.trim())
    .map(([script]) => script!.slice(0, 80));
  const handlers = [...html.matchAll(/<[^>]+\son[a-z]+=/g)].map(([tag]) => tag.slice(0, 80));
  return [...inlineScripts, ...handlers];
}

describe("security headers", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ env: { ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password } });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("are on every response: API answers, errors, health, the OpenAPI document, the docs and the board", async () => {
    const responses = {
      list: await client.get("/api/v1/documents"),
      unauthorized: await apiClient(service.baseUrl).get("/api/v1/jobs"),
      notFound: await client.get("/no-such-route"),
      health: await client.get("/health/live"),
      openapi: await client.get("/openapi.json"),
      docs: await client.get("/docs/"),
      board: await client.get("/admin/queues", adminHeaders),
      webApp: await client.get("/jobs"),
    };
    for (const [name, { status, headers }] of Object.entries(responses)) {
      expect(status, name).toBeLessThan(500);
      expect(headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(headers.get("x-frame-options"), name).toBe("SAMEORIGIN");
      expect(headers.get("strict-transport-security"), name).toMatch(/max-age=\d+/);
      expect(headers.get("referrer-policy"), name).toBe("no-referrer");
      expect(headers.get("cross-origin-opener-policy"), name).toBe("same-origin");
      expect(headers.get("x-powered-by"), name).toBeNull();
      const policy = directives(headers.get("content-security-policy"));
      expect(policy.get("default-src"), name).toEqual(["'self'"]);
      expect(policy.get("script-src"), name).toEqual(["'self'"]);
      expect(policy.get("object-src"), name).toEqual(["'none'"]);
      // Plain-HTTP installs would have their pages' assets sent to an https:// that nothing answers.
      expect(policy.has("upgrade-insecure-requests"), name).toBe(false);
    }
  });

  it("leave the docs, the board and the web app working: their pages run no inline code and load scripts from this server only", async () => {
    for (const [route, headers] of [
      ["/docs/", {}],
      ["/admin/queues", adminHeaders],
      ["/", {}],
    ] as const) {
      const response = await fetch(`${service.baseUrl}${route}`, { headers });
      expect(response.status, route).toBe(200);
      const html = await response.text();
      expect(inlineCode(html), route).toEqual([]);
      const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map(([, src]) => src!);
      const base = new URL(html.match(/<base\s+href="([^"]+)"/)?.[1] ?? "", response.url);
      expect(scripts.length, route).toBeGreaterThan(0);
      for (const src of scripts) {
        const url = new URL(src, base);
        expect(url.origin, src).toBe(service.baseUrl);
        expect((await fetch(url, { headers })).status, src).toBe(200);
      }
    }
  });

  it("keep the document content route's own sandbox policy", async () => {
    const uploaded = await client.postForm("/api/v1/documents", fileForm(uniqueCopy(await fixture("tiny.gif")), "tiny.gif"));
    expect(uploaded.status).toBe(201);
    const content = await fetch(`${service.baseUrl}/api/v1/documents/${uploaded.body.document.id}/content`, {
      headers: { authorization: `Bearer ${(await service.createUser()).key}` },
    });
    expect(content.status).toBe(404);
    const own = await client.get(`/api/v1/documents/${uploaded.body.document.id}/content`);
    expect(own.status).toBe(200);
    expect(own.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(own.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
