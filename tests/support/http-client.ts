import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { waitFor } from "./wait-for.ts";

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small client for the API over real HTTP, authenticated with one key. */
export function apiClient(baseUrl: string, key?: string) {
  const authHeaders = (): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

  async function send<T>(
    method: string,
    route: string,
    init: { json?: unknown; form?: FormData; body?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...authHeaders(), ...init.headers };
    let body: BodyInit | undefined = init.form ?? init.body;
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const response = await fetch(`${baseUrl}${route}`, { method, headers, body });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.includes("application/json");
    return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : text) as T };
  }

  return {
    get: <T = any>(route: string, headers?: Record<string, string>) => send<T>("GET", route, { headers }),
    /** POST without a body (cancel, retry). */
    post: <T = any>(route: string) => send<T>("POST", route),
    postJson: <T = any>(route: string, json: unknown) => send<T>("POST", route, { json }),
    postRaw: <T = any>(route: string, body: string, headers: Record<string, string>) => send<T>("POST", route, { body, headers }),
    postForm: <T = any>(route: string, form: FormData) => send<T>("POST", route, { form }),
    patch: <T = any>(route: string, json: unknown) => send<T>("PATCH", route, { json }),
    delete: <T = any>(route: string) => send<T>("DELETE", route),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;

/** A multipart form with `file` holding the bytes under the given name, plus text fields. */
export function fileForm(bytes: Buffer, filename: string, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(bytes)]), filename);
  return form;
}

export async function fixture(name: string): Promise<Buffer> {
  return readFile(path.join(FIXTURES_DIR, name));
}

/** Polls a job until `done(job)` holds, and returns it; fails the test, showing the job, after the deadline. */
export async function waitForJobState(client: ApiClient, jobId: string, done: (job: any) => boolean, timeoutMs = 120_000): Promise<any> {
  let job: any;
  await waitFor(
    () => `job ${jobId} to reach the state (last seen: ${JSON.stringify(job)})`,
    async () => {
      job = (await client.get(`/api/v1/jobs/${jobId}`)).body.job;
      return done(job);
    },
    timeoutMs,
    100,
  );
  return job;
}

/** Polls a job until it reaches a final state, and returns it. */
export function waitForJob(client: ApiClient, jobId: string, timeoutMs = 150_000): Promise<any> {
  return waitForJobState(client, jobId, (job) => ["completed", "failed", "cancelled"].includes(job.status), timeoutMs);
}

/**
 * Bytes with a line of their own appended after the content's end, which
 * image decoders ignore and PDF readers take as a comment: new content for
 * dedup and the result cache, with the same pages and text.
 */
export function uniqueCopy(bytes: Buffer): Buffer {
  return Buffer.concat([bytes, Buffer.from(`\n%ocrflow-test ${randomUUID()}\n`)]);
}

/** A fixture made new content (see uniqueCopy): neither dedup nor the result cache answers for it. */
export async function uniqueFixture(name: string): Promise<Buffer> {
  return uniqueCopy(await fixture(name));
}

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/**
 * What must never reach a client: this clone's folder (wherever it lies),
 * node_modules, file URLs, and stack frames (`at fn (file:12:3)`, `at file.js:12`).
 */
const INTERNALS = new RegExp(
  [escapeRegExp(REPO_ROOT), "node_modules", "file:///", String.raw`\bat [^"\\]*\(?[^"\\\s]+\.[cm]?[jt]sx?:\d+`].join("|"),
);

/** Checks the API.md error shape, with nothing internal (paths, stack frames) in it, and returns the response. */
export function expectError(response: ApiResponse, status: number, code: string): ApiResponse {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body.error.code).toBe(code);
  expect(typeof response.body.error.message).toBe("string");
  expect(response.body.requestId).toBe(response.headers.get("x-request-id"));
  expect(JSON.stringify(response.body)).not.toMatch(INTERNALS);
  return response;
}

export const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
