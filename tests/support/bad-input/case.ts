import { expect } from "vitest";
import { type ApiClient, type ApiResponse, expectError } from "../http-client.ts";

/** What every case may use: the service's address, a user's key and client, a queued job of that user. */
export interface CaseContext {
  baseUrl: string;
  key: string;
  client: ApiClient;
  /** A job of this user: the result route looks the job up before it reads the query. */
  jobId: string;
}

/** One bad request and the refusals it may get, as [status, code] pairs. */
export interface BadInputCase {
  name: string;
  send: (context: CaseContext) => Promise<ApiResponse>;
  refusals: [number, string][];
  /** An upload: after the refusal, no file and no row may remain. */
  upload?: boolean;
}

/** Checks a refusal: one of the expected status and code pairs, in the API.md error format, with nothing internal. */
export function expectRefused(response: ApiResponse, refusals: [number, string][]): void {
  const match = refusals.find(([status, code]) => status === response.status && response.body?.error?.code === code);
  const [status, code] = match ?? refusals[0]!;
  expect(response.headers.get("content-type"), JSON.stringify(response.body)).toMatch(/^application\/json/);
  expect(response.headers.get("x-request-id")).toBeTruthy();
  expectError(response, status, code);
}

export interface FormPart {
  name: string | Buffer;
  filename?: string | Buffer;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body written byte for byte (file names that are not UTF-8, NUL, anything). */
export function multipartBody(parts: FormPart[], boundary = "ocrflow-bad-input-boundary"): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  const bytes = (value: string | Buffer) => (typeof value === "string" ? Buffer.from(value, "utf8") : value);
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`), bytes(part.name), Buffer.from('"'));
    if (part.filename !== undefined) chunks.push(Buffer.from('; filename="'), bytes(part.filename), Buffer.from('"'));
    chunks.push(
      Buffer.from(`\r\nContent-Type: ${part.contentType ?? "application/octet-stream"}\r\n\r\n`),
      bytes(part.data),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs raw bytes with fetch under a given Content-Type, authenticated. */
export async function postBytes(context: CaseContext, route: string, body: Buffer, contentType: string | undefined): Promise<ApiResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${context.key}` };
  if (contentType !== undefined) headers["content-type"] = contentType;
  const response = await fetch(`${context.baseUrl}${route}`, { method: "POST", headers, body: new Uint8Array(body) });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.includes("application/json");
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

/** Uploads bytes as the one `file` of a multipart POST to `route`. */
export function uploadFile(context: CaseContext, route: string, bytes: Buffer, filename: string, field = "file"): Promise<ApiResponse> {
  const { body, contentType } = multipartBody([{ name: field, filename, data: bytes }]);
  return postBytes(context, route, body, contentType);
}
