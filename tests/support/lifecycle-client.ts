import path from "node:path";
import { expect } from "vitest";
import { type ApiResponse, apiClient, fixture, uniqueCopy } from "./http-client.ts";

/** apiClient plus the verbs the lifecycle routes need: POST without a body, and DELETE. */
export function lifecycleClient(baseUrl: string, key: string) {
  const client = apiClient(baseUrl, key);
  const send = async (method: string, route: string): Promise<ApiResponse> => {
    const response = await fetch(`${baseUrl}${route}`, { method, headers: { authorization: `Bearer ${key}` } });
    const text = await response.text();
    const isJson = response.headers.get("content-type")?.includes("application/json");
    return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
  };
  return { ...client, post: (route: string) => send("POST", route), delete: (route: string) => send("DELETE", route) };
}
export type LifecycleClient = ReturnType<typeof lifecycleClient>;

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

/** Polls a job until `done(job)` holds, or fails after the deadline. */
export async function waitForJobState(
  client: ReturnType<typeof apiClient>,
  jobId: string,
  done: (job: any) => boolean,
  timeoutMs = 120_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await client.get(`/api/v1/jobs/${jobId}`);
    if (done(body.job)) return body.job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not reach the state in ${timeoutMs} ms: ${JSON.stringify(body.job)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
