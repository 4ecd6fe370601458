import { readFile } from "node:fs/promises";
import path from "node:path";

export type Client = ReturnType<typeof createClient>;

/** Just enough of the REST API for the benchmark, over real HTTP with one key. */
export function createClient(baseUrl: string, key: string) {
  const headers = { authorization: `Bearer ${key}` };
  const request = async (method: string, route: string, body?: BodyInit, extra: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${route}`, { method, headers: { ...headers, ...extra }, body });
    const text = await response.text();
    const json = response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: response.status, body: json };
  };
  return {
    baseUrl,
    headers,
    get: (route: string) => request("GET", route),
    postJson: (route: string, json: unknown) => request("POST", route, JSON.stringify(json), { "content-type": "application/json" }),
    postFile: async (route: string, bytes: Buffer, filename: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append("file", new Blob([new Uint8Array(bytes)]), filename);
      return request("POST", route, form);
    },
    uploadPath: async (route: string, file: string, fields: Record<string, string> = {}) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append("file", new Blob([new Uint8Array(await readFile(file))]), path.basename(file));
      return request("POST", route, form);
    },
  };
}

const FINAL = new Set(["completed", "failed", "cancelled"]);

/** Polls a job until it is final; returns it. */
export async function waitForJob(client: Client, jobId: string, { intervalMs = 100, timeoutMs = 900_000 } = {}): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await client.get(`/api/v1/jobs/${jobId}`);
    if (FINAL.has(body.job?.status)) return body.job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${body.job?.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
