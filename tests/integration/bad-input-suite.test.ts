import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyCases } from "../support/bad-input/body-cases.ts";
import { type CaseContext, expectRefused, multipartBody, postBytes } from "../support/bad-input/case.ts";
import { jsonCases } from "../support/bad-input/json-cases.ts";
import { multipartCases } from "../support/bad-input/multipart-cases.ts";
import { requestCases } from "../support/bad-input/request-cases.ts";
import { apiClient, fileForm, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

// Generated bad requests, each its own test, against one real service over
// real HTTP: every one is refused with a 4xx in the API.md error format,
// nothing of a refused upload stays, and the service still works afterwards.
const CASES = [...bodyCases(), ...multipartCases(), ...jsonCases(), ...requestCases()];

// File names a client may send: each upload is stored under a generated name, its name kept for display only.
const FILENAMES: [string, Buffer][] = [
  ["a path climbing out with ../", Buffer.from("../../../etc/passwd.png")],
  ["an absolute path", Buffer.from("/etc/passwd.png")],
  ["a Windows path", Buffer.from("C:\\Windows\\System32\\evil.png")],
  ["a NUL byte", Buffer.from("safe.png\u0000.exe")],
  ["control characters and an ANSI escape", Buffer.from("\u0001\u001b[31mred\u007f.png")],
  ["1500 characters", Buffer.from(`${"long".repeat(375)}.png`)],
  ["bytes that are not UTF-8", Buffer.concat([Buffer.from("scan-"), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(".png")])],
  ["a right-to-left override", Buffer.from("invoice\u202Egnp.exe")],
  ["only dots", Buffer.from("..")],
  ["zero-width and bidi isolate characters", Buffer.from("a\u200Bb\u2066c\u2069.png")],
];

describe("a generated suite of bad input", () => {
  let service: TestService;
  let context: CaseContext;
  let userId: string;
  let casesRun = 0;

  beforeAll(async () => {
    service = await startTestService({ env: { MAX_FILE_SIZE_MB: "8" } });
    const user = await service.createUser("bad input");
    userId = user.userId;
    const client = apiClient(service.baseUrl, user.key);
    const { body: uploaded } = await client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.gif"), "queued.gif"));
    // A job of this user, for the result route's query checks (which come after its lookup).
    const { body: submitted } = await client.postJson("/api/v1/jobs", { documentId: uploaded.document.id, priority: "low" });
    context = { baseUrl: service.baseUrl, key: user.key, client, jobId: submitted.job.id };
  });
  afterAll(async () => {
    console.info(`bad-input suite: ${casesRun} cases run`);
    await service?.close();
  });

  async function storedState() {
    return { files: await service.storedFiles(), rows: await service.db.document.count({ where: { ownerId: userId } }) };
  }

  /** Waits until the request left no file that was not there before, and no row. */
  async function expectNothingStoredSince(before: Awaited<ReturnType<typeof storedState>>) {
    // A request cut by the client is cleaned up as its stream closes, which may come just after the answer.
    await waitFor(
      "nothing stored",
      async () => {
        const after = await storedState();
        return after.rows === before.rows && after.files.every((file) => before.files.includes(file));
      },
      15_000,
      50,
    );
  }

  describe("refuses with a 4xx JSON error", () => {
    for (const badCase of CASES) {
      it(badCase.name, async () => {
        const before = badCase.upload ? await storedState() : undefined;
        expectRefused(await badCase.send(context), badCase.refusals);
        if (before) await expectNothingStoredSince(before);
        casesRun += 1;
      });
    }
  });

  describe("refuses a file name, or stores the upload under a generated name with the file name cleaned for display", () => {
    for (const [what, filename] of FILENAMES) {
      it(`a file name with ${what}`, async () => {
        const bytes = await uniqueFixture("tiny.gif");
        const { body, contentType } = multipartBody([{ name: "file", filename, data: bytes }]);
        const before = await storedState();
        const response = await postBytes(context, "/api/v1/documents", body, contentType);
        casesRun += 1;
        if (response.status !== 201) {
          // The multipart parser refuses some names outright (NUL and control bytes in a header; no name left).
          expectRefused(response, [
            [400, "BAD_REQUEST"],
            [400, "FILE_MISSING"],
          ]);
          await expectNothingStoredSince(before);
          return;
        }
        const stored: string = response.body.document.filename;
        expect(stored).not.toMatch(/[/\\\p{Cc}\p{Cf}]/u);
        expect([...stored].length).toBeLessThanOrEqual(255);
        expect(stored.length).toBeGreaterThan(0);
        // The storage keeps its own names: nothing the client named appears under it.
        expect((await service.storedFiles()).filter((name) => name.includes("passwd") || name.includes("evil"))).toEqual([]);
        const download = await context.client.get(`/api/v1/documents/${response.body.document.id}/content`);
        expect(download.status).toBe(200);
        expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
      });
    }
  });

  it("accepts a PDF with an owner password only: it opens without a password", async () => {
    const response = await context.client.postForm(
      "/api/v1/documents",
      fileForm(await uniqueFixture("owner-password.pdf"), "owner-only.pdf"),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    casesRun += 1;
  });

  it("still takes a good upload and a job afterwards", async () => {
    const uploaded = await context.client.postForm("/api/v1/documents", fileForm(await uniqueFixture("tiny.bmp"), "after.bmp"));
    expect(uploaded.status).toBe(201);
    const submitted = await context.client.postJson("/api/v1/jobs", { documentId: uploaded.body.document.id });
    expect(submitted.status).toBe(202);
    expect((await apiClient(service.baseUrl).get("/health/ready")).status).toBe(200);
    expect(casesRun).toBeGreaterThanOrEqual(200);
  });
});
