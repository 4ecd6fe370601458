import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
    postJson: <T = any>(route: string, json: unknown) => send<T>("POST", route, { json }),
    postRaw: <T = any>(route: string, body: string, headers: Record<string, string>) => send<T>("POST", route, { body, headers }),
    postForm: <T = any>(route: string, form: FormData) => send<T>("POST", route, { form }),
  };
}

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

/** Polls a job until it reaches a final state, or fails the test after the deadline. */
export async function waitForJob(client: ReturnType<typeof apiClient>, jobId: string, timeoutMs = 150_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await client.get(`/api/v1/jobs/${jobId}`);
    if (["completed", "failed", "cancelled"].includes(body.job.status)) return body.job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Bytes with a line of their own appended after the content's end, which
 * image decoders ignore and PDF readers take as a comment: new content for
 * dedup and the result cache, with the same pages and text.
 */
export function uniqueCopy(bytes: Buffer): Buffer {
  return Buffer.concat([bytes, Buffer.from(`\n%ocrflow-test ${randomUUID()}\n`)]);
}
