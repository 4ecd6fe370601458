import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorCode } from "@ocrflow/shared/errors";
import { ERROR_STATUS } from "./error-status.ts";

const REASONS: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

/** What Node's HTTP parser refused, as an error of the API's own. */
function describeParseError(code: string | undefined): { code: ErrorCode; message: string } {
  if (code === "HPE_HEADER_OVERFLOW") return { code: "HEADERS_TOO_LARGE", message: "The request's headers are too large" };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return { code: "REQUEST_TIMEOUT", message: "The request took too long to arrive" };
  return { code: "BAD_REQUEST", message: "The request is not valid HTTP" };
}

/** The raw HTTP response for a request Express never saw: the API's JSON error, with a request id. */
export function clientErrorResponse(parserCode: string | undefined, requestId: string = randomUUID()): string {
  const { code, message } = describeParseError(parserCode);
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message }, requestId });
  return [
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Bad Request"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/**
 * Node's HTTP parser answers what it cannot parse (headers over 16 KB, bad
 * request lines, a body longer than its Content-Length) before Express runs,
 * with a bare text status. This answers them in the API's JSON error format
 * instead. As Node does, nothing is written over a response already started
 * on the socket (its `_httpMessage`, undocumented but stable since Node 0.x).
 */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorResponse(error.code));
  });
}
