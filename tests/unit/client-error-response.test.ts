import { describe, expect, it } from "vitest";
import { clientErrorResponse } from "../../apps/api/src/http/client-error.ts";

describe("answers to requests Node's HTTP parser refuses", () => {
  it.each([
    ["HPE_HEADER_OVERFLOW", 431, "HEADERS_TOO_LARGE"],
    ["ERR_HTTP_REQUEST_TIMEOUT", 408, "REQUEST_TIMEOUT"],
    ["HPE_INVALID_METHOD", 400, "BAD_REQUEST"],
    [undefined, 400, "BAD_REQUEST"],
  ])("answers %s with %i %s as JSON, with its request id", (parserCode, status, code) => {
    const raw = clientErrorResponse(parserCode, "req-1");
    const [head = "", body = ""] = raw.split("\r\n\r\n");
    expect(head.split("\r\n")[0]).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toContain("Content-Type: application/json");
    expect(head).toContain("X-Request-Id: req-1");
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body)).toEqual({ error: { code, message: expect.any(String) }, requestId: "req-1" });
  });
});
