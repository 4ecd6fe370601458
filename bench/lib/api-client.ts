import http from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describeError } from "./repeat-runs.ts";

export type Client = ReturnType<typeof createClient>;

/** Just enough of the REST API for the benchmark, over real HTTP with one key. */
export function createClient(baseUrl: string, key: string) {
  const headers = { authorization: `Bearer ${key}` };
  const request = async (method: string, route: string, body?: BodyInit, extra: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${route}`, { method, headers: { ...headers, ...extra }, body }).catch((error: unknown) => {
      throw new Error(`${method} ${route}: ${describeError(error)}`, { cause: error });
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: response.status, body: json };
  };
  const upload = async (route: string, bytes: Uint8Array<ArrayBuffer>, filename: string, fields: Record<string, string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", new Blob([bytes]), filename);
    return postOnNewConnection(`${baseUrl}${route}`, headers, form);
  };
  return {
    baseUrl,
    headers,
    get: (route: string) => request("GET", route),
    postJson: (route: string, json: unknown) => request("POST", route, JSON.stringify(json), { "content-type": "application/json" }),
    postFile: (route: string, bytes: Buffer, filename: string, fields: Record<string, string> = {}) =>
      upload(route, new Uint8Array(bytes), filename, fields),
    uploadPath: async (route: string, file: string, fields: Record<string, string> = {}) =>
      upload(route, new Uint8Array(await readFile(file)), path.basename(file), fields),
  };
}

/**
 * A multipart POST on a connection of its own, closed after the answer. fetch
 * would reuse an idle kept-alive connection, and the API closes those after 5 s
 * (Node's keepAliveTimeout): when building ten 50 MB bodies keeps the bench's
 * event loop busy past that, fetch has not yet seen the close and writes the
 * upload into a dead socket ("fetch failed", cause `write EPIPE`). A POST is
 * not retried, so the upload must not start on a connection that may be gone.
 */
async function postOnNewConnection(url: string, headers: Record<string, string>, form: FormData): Promise<{ status: number; body: any }> {
  // Request serialises the form with its boundary, as fetch would send it.
  const encoded = new Request(url, { method: "POST", body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  const contentType = encoded.headers.get("content-type")!;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent: false,
        headers: { ...headers, "content-type": contentType, "content-length": body.length, connection: "close" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("error", reject);
        response.once("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const json = response.headers["content-type"]?.includes("json");
          resolve({ status: response.statusCode ?? 0, body: json ? JSON.parse(text) : text });
        });
      },
    );
    request.once("error", (error) => reject(new Error(`POST ${new URL(url).pathname}: ${describeError(error)}`, { cause: error })));
    request.end(body);
  });
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
