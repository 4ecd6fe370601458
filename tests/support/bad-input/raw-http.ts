import { connect } from "node:net";
import type { ApiResponse } from "../http-client.ts";

const RESPONSE_TIMEOUT_MS = 10_000;

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sends only these body bytes, whatever Content-Length says, then half-closes the connection. */
  sendBodyBytes?: number;
}

/**
 * One HTTP/1.1 request written byte for byte on a socket, for what fetch
 * refuses to send (a Content-Length that lies, headers over 16 KB, bytes that
 * are not UTF-8 in a header). Resolves with the first response.
 */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<ApiResponse> {
  const { hostname, port } = new URL(baseUrl);
  const body = request.body ?? Buffer.alloc(0);
  const head = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${hostname}:${port}`]
    .concat(Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`))
    .join("\r\n");
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(new Error(`no complete response in ${RESPONSE_TIMEOUT_MS} ms`)), RESPONSE_TIMEOUT_MS);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      const response = parseResponse(Buffer.concat(chunks));
      if (response) resolve(response);
      else reject(error ?? new Error(`incomplete response: ${Buffer.concat(chunks).toString("latin1").slice(0, 200)}`));
    };
    socket.on("error", (error) => finish(error));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (parseResponse(Buffer.concat(chunks))) finish();
    });
    socket.on("end", () => finish());
    socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), body.subarray(0, request.sendBodyBytes ?? body.length)]));
    if (request.sendBodyBytes !== undefined) socket.end();
  });
}

/** A complete response (headers and Content-Length bytes of body), or undefined while bytes are missing. */
function parseResponse(bytes: Buffer): ApiResponse | undefined {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const [statusLine = "", ...lines] = bytes.toString("latin1", 0, headEnd).split("\r\n");
  const headers = new Headers();
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const length = Number(headers.get("content-length") ?? Number.NaN);
  const body = bytes.subarray(headEnd + 4);
  if (!Number.isFinite(length) || body.length < length) return undefined;
  const text = body.subarray(0, length).toString("utf8");
  const isJson = headers.get("content-type")?.includes("application/json");
  return { status: Number(statusLine.split(" ")[1]), headers, body: isJson ? JSON.parse(text) : text };
}
