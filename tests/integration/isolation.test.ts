import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient, fileForm, fixture, uniqueCopy, waitForJob, expectError, UNKNOWN_ID } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

type Kind = "document" | "job" | "batch";
type Operation = { method: string; path: string; operation: any };

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Every /api/v1 operation the served OpenAPI document lists: a route added later is covered without editing this file. */
function apiOperations(document: any): Operation[] {
  return Object.entries(document.paths as Record<string, any>)
    .filter(([path]) => path.startsWith("/api/v1/"))
    .flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => ({ method, path, operation: item[method] })));
}

/** Which kind of id a path parameter stands for: named by the collection before it (`/jobs/{id}`, `/batches/{id}`). */
function kindOfPathId(path: string): Kind {
  const collection = path.match(/\/(\w+)\/\{[^}]+\}/)?.[1];
  const kinds: Record<string, Kind> = { documents: "document", jobs: "job", batches: "batch" };
  const kind = collection ? kinds[collection] : undefined;
  if (!kind) throw new Error(`no id of a known kind for ${path}: teach this test the new route`);
  return kind;
}

/** The body properties naming ids in a JSON request body schema (anyOf branches included). */
function idProperties(schema: any, document: any): string[] {
  if (!schema) return [];
  if (schema.$ref) return idProperties(document.components.schemas[schema.$ref.split("/").pop()], document);
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const own = Object.keys(schema.properties ?? {}).filter((name) => /Ids?$/.test(name));
  return [...own, ...branches.flatMap((branch: any) => idProperties(branch, document))];
}

/** A body without anything that tells one request apart from another. */
const comparable = (body: any) => ({ ...body, requestId: undefined });

describe("one user never sees another's data", () => {
  let service: TestService;
  let ownerKey: string;
  let owner: ApiClient;
  let intruderKey: string;
  let intruder: ApiClient;
  let document: any;
  const ids = {} as Record<Kind, string>;
  let jobIds: string[];

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    ownerKey = (await service.createUser("owner")).key;
    owner = apiClient(service.baseUrl, ownerKey);
    intruderKey = (await service.createUser("intruder")).key;
    intruder = apiClient(service.baseUrl, intruderKey);
    // The intruder has data of its own, so empty lists prove nothing by themselves.
    const own = await intruder.postForm("/api/v1/jobs", fileForm(uniqueCopy(await fixture("tiny.gif")), "own.gif"));
    expect(own.status).toBe(202);

    const uploaded = await owner.postForm("/api/v1/documents", fileForm(uniqueCopy(await fixture("tiny.bmp")), "tiny.bmp"));
    expect(uploaded.status).toBe(201);
    ids.document = uploaded.body.document.id;
    const job = await owner.postJson("/api/v1/jobs", { documentId: ids.document });
    expect(job.status).toBe(202);
    ids.job = job.body.job.id;
    const batch = await owner.postJson("/api/v1/jobs/batch", { documentIds: [ids.document] });
    expect(batch.status).toBe(202);
    ids.batch = batch.body.batch.id;
    jobIds = [ids.job, ...batch.body.batch.jobIds];
    for (const id of jobIds) expect((await waitForJob(owner, id)).status).toBe("completed");
    await waitForJob(intruder, own.body.job.id);
    document = await (await fetch(`${service.baseUrl}/openapi.json`)).json();
  });
  afterAll(async () => service?.close());

  it("answers every route with an id in its path, given the owner's id, exactly as for an id that does not exist", async () => {
    const withPathId = apiOperations(document).filter(({ path }) => /\{[^}]+\}/.test(path));
    expect(withPathId.length).toBeGreaterThanOrEqual(9);
    const exercised: string[] = [];
    for (const { method, path } of withPathId) {
      // A page number is no id: page 1 of the job.
      const route = (id: string) => path.replace("{page}", "1").replace(/\{[^}]+\}/g, id);
      const send = (id: string) =>
        fetch(`${service.baseUrl}${route(id)}`, { method: method.toUpperCase(), headers: { authorization: `Bearer ${intruderKey}` } });
      const foreign = await send(ids[kindOfPathId(path)]);
      const unknown = await send(UNKNOWN_ID);
      const label = `${method.toUpperCase()} ${path}`;
      expect(foreign.status, label).toBe(404);
      expect(unknown.status, label).toBe(404);
      const foreignBody = await foreign.json();
      expect(comparable(foreignBody), label).toEqual(comparable(await unknown.json()));
      expect(foreignBody.error.code, label).toBe("NOT_FOUND");
      exercised.push(label);
    }
    expect(exercised).toEqual(withPathId.map(({ method, path }) => `${method.toUpperCase()} ${path}`));
    // Nothing the intruder sent changed the owner's data.
    expect((await owner.get(`/api/v1/documents/${ids.document}`)).status).toBe(200);
    for (const id of jobIds) expect((await owner.get(`/api/v1/jobs/${id}`)).body.job.status).toBe("completed");
  });

  it("answers every request body naming the owner's ids exactly as for ids that do not exist", async () => {
    const bodies: Record<string, (id: (kind: Kind) => string) => unknown> = {
      "post /api/v1/jobs": (id) => ({ documentId: id("document") }),
      "post /api/v1/jobs/batch": (id) => ({ documentIds: [id("document")] }),
      "post /api/v1/jobs/retry": (id) => ({ jobIds: [id("job")] }),
    };
    const withBodyIds = apiOperations(document)
      .filter(({ operation }) => idProperties(operation.requestBody?.content?.["application/json"]?.schema, document).length > 0)
      .map(({ method, path }) => `${method} ${path}`);
    expect(withBodyIds.sort()).toEqual(Object.keys(bodies).sort());
    for (const [label, body] of Object.entries(bodies)) {
      const path = label.split(" ")[1]!;
      const foreign = await intruder.postJson(
        path,
        body((kind) => ids[kind]),
      );
      const unknown = await intruder.postJson(
        path,
        body(() => UNKNOWN_ID),
      );
      expect(foreign.status, label).toBe(unknown.status);
      expect([404, 202], label).toContain(foreign.status);
      const strip = (response: any) => JSON.stringify(comparable(response.body)).replaceAll(ids.document, "ID").replaceAll(ids.job, "ID");
      expect(strip(foreign), label).toBe(strip(unknown).replaceAll(UNKNOWN_ID, "ID"));
    }
    for (const id of jobIds) expect((await owner.get(`/api/v1/jobs/${id}`)).body.job.status).toBe("completed");
  });

  it("never lists the owner's items, whatever the filters (the owner's batch id included)", async () => {
    const listsItems = ({ operation }: Operation) => {
      const ref: string | undefined = operation.responses?.["200"]?.content?.["application/json"]?.schema?.$ref;
      return Boolean(ref && document.components.schemas[ref.split("/").pop()!]?.properties?.items);
    };
    const lists = apiOperations(document).filter((op) => op.method === "get" && !op.path.includes("{") && listsItems(op));
    expect(lists.map(({ path }) => path).sort()).toEqual(["/api/v1/documents", "/api/v1/jobs"]);
    const ownerIds = [ids.document, ...jobIds, ids.batch];
    let seenOwn = 0;
    for (const { path, operation } of lists) {
      const queries: string[] = ["", "pageSize=100"];
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== "query") continue;
        for (const value of parameter.schema?.enum ?? []) queries.push(`${parameter.name}=${value}&pageSize=100`);
        if (parameter.name === "batchId") queries.push(`batchId=${ids.batch}`);
        if (parameter.name === "ids") queries.push(`ids=${ids.document}`);
      }
      for (const query of queries) {
        const response = await intruder.get(`${path}?${query}`);
        expect(response.status, `${path}?${query}`).toBe(200);
        const text = JSON.stringify(response.body);
        for (const id of ownerIds) expect(text, `${path}?${query}`).not.toContain(id);
        seenOwn += response.body.items.length;
      }
      expect((await owner.get(`${path}?pageSize=100`)).body.items.length, path).toBeGreaterThan(0);
    }
    expect(seenOwn).toBeGreaterThan(0);
    expect((await intruder.get(`/api/v1/jobs?batchId=${ids.batch}`)).body.total).toBe(0);
  });

  it("refuses an API key that differs from a real one in a single character", async () => {
    const last = ownerKey.at(-1)!;
    const altered = ownerKey.slice(0, -1) + (last === "A" ? "B" : "A");
    const first = ownerKey[4] === "x" ? "y" : "x";
    for (const key of [altered, ownerKey.slice(0, 4) + first + ownerKey.slice(5), ownerKey.slice(0, -1), `${ownerKey}A`]) {
      expectError(await apiClient(service.baseUrl, key).get("/api/v1/documents"), 401, "UNAUTHORIZED");
      const header = await fetch(`${service.baseUrl}/api/v1/documents`, { headers: { "x-api-key": key } });
      expect(header.status).toBe(401);
    }
    expect((await owner.get("/api/v1/documents")).status).toBe(200);
  });
});
