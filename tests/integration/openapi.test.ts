import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  batchCreatedSchema,
  batchSchema,
  documentPageSchema,
  documentSchema,
  errorResponseSchema,
  jobPageSchema,
  jobSchema,
  resultSchema,
} from "../../packages/shared/src/validators/index.ts";
import { type ApiClient, apiClient, fileForm, fixture, waitForJob } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
// The API contract kept with the code (it began as ../shared/API.md).
const API_MD = path.resolve(REPO_ROOT, "docs/API.md");

/** Every `METHOD /path` API.md names, with `:id` written as OpenAPI's `{id}` (only after a `/`: `{modelId}:analyze` keeps its colon). */
async function contractRoutes(): Promise<{ method: string; path: string }[]> {
  const text = await readFile(API_MD, "utf8");
  const routes = [...text.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?]*)/g)].map(([, method, route]) => ({
    method: method!.toLowerCase(),
    path: route!.replace(/\/:(\w+)/g, "/{$1}"),
  }));
  return [...new Map(routes.map((route) => [`${route.method} ${route.path}`, route])).values()];
}

describe("the OpenAPI document", () => {
  let service: TestService;
  let document: any;

  beforeAll(async () => {
    service = await startTestService();
    const response = await fetch(`${service.baseUrl}/openapi.json`);
    expect(response.status).toBe(200);
    document = await response.json();
  });
  afterAll(async () => service?.close());

  it("is OpenAPI 3.1, served without an API key", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.schemas).toHaveProperty("Job");
  });

  it("documents every route docs/API.md names, with its method", async () => {
    const routes = await contractRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes.filter((route) => !document.paths[route.path]?.[route.method]).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("serves no route that docs/API.md leaves out", async () => {
    const named = new Set((await contractRoutes()).map((route) => `${route.method} ${route.path}`));
    const served = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => `${method} ${route}`),
    );
    expect(served.filter((route) => !named.has(route))).toEqual([]);
  });

  it("takes its request schemas from the validators the routes use", () => {
    const submit = document.paths["/api/v1/jobs"].post.requestBody.content["application/json"].schema;
    expect(submit.required).toContain("documentId");
    expect(submit.additionalProperties).toBe(false);
    const pageSize = document.paths["/api/v1/documents"].get.parameters.find((p: { name: string }) => p.name === "pageSize");
    expect(pageSize.schema.maximum).toBe(100);
  });

  it("serves /docs from this server: every asset local, pointed at /openapi.json", async () => {
    const page = await fetch(`${service.baseUrl}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const urls = [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]!);
    expect(urls.length).toBeGreaterThan(2);
    expect(urls.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    for (const url of urls) expect((await fetch(new URL(url, page.url))).status, url).toBe(200);
    expect(await (await fetch(new URL("swagger-ui-init.js", page.url))).text()).toContain('"/openapi.json"');
  });
});

describe("real responses match the response schemas (a JSON builder drifting fails here)", () => {
  let service: TestService;
  let client: ApiClient;

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
  });
  afterAll(async () => service?.close());

  it("Document, Job, their lists, Batch, Result and Error", async () => {
    const uploaded = await client.postForm("/api/v1/documents", fileForm(await fixture("tiny.bmp"), "tiny.bmp"));
    expect(uploaded.status).toBe(201);
    const documentId = documentSchema.parse(uploaded.body.document).id;
    documentSchema.parse((await client.get(`/api/v1/documents/${documentId}`)).body.document);
    documentPageSchema.parse((await client.get("/api/v1/documents")).body);

    const submitted = await client.postJson("/api/v1/jobs", { documentId, priority: "high" });
    expect(submitted.status).toBe(202);
    const job = jobSchema.parse(submitted.body.job);
    const finished = jobSchema.parse(await waitForJob(client, job.id));
    expect(finished.status).toBe("completed");
    jobPageSchema.parse((await client.get("/api/v1/jobs")).body);
    const result = resultSchema.parse((await client.get(`/api/v1/jobs/${job.id}/result`)).body);
    expect(result.pages.length).toBe(result.pageCount);

    const batch = await client.postJson("/api/v1/jobs/batch", { documentIds: [documentId] });
    expect(batch.status).toBe(202);
    const created = z
      .object({ batch: batchCreatedSchema, jobs: z.array(jobSchema) })
      .strict()
      .parse(batch.body);
    batchSchema.parse((await client.get(`/api/v1/batches/${created.batch.id}`)).body.batch);

    const notFound = await client.get(`/api/v1/jobs/${crypto.randomUUID()}`);
    expect(notFound.status).toBe(404);
    errorResponseSchema.parse(notFound.body);
  });
});
