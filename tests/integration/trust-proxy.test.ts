import { afterEach, describe, expect, it } from "vitest";
import { type ApiResponse, apiClient, expectError } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

const started: TestService[] = [];

async function startWithPerIpLimit(env: Record<string, string>): Promise<TestService> {
  const service = await startTestService({ env: { RATE_LIMIT_PER_IP: "2", RATE_LIMIT_PER_KEY: "0", RATE_LIMIT_WINDOW_S: "60", ...env } });
  started.push(service);
  return service;
}

/** An unauthenticated request, as a client (or a proxy in front of it) sends it; the per-IP limit counts it before auth. */
function requestAs(service: TestService, forwardedFor?: string): Promise<ApiResponse> {
  return apiClient(service.baseUrl).get("/api/v1/documents", forwardedFor ? { "x-forwarded-for": forwardedFor } : {});
}

function expectCounted(response: ApiResponse, remaining: number): void {
  expectError(response, 401, "UNAUTHORIZED");
  expect(response.headers.get("ratelimit-remaining")).toBe(String(remaining));
}

afterEach(async () => {
  for (const service of started.splice(0)) await service.close();
});

describe("when TRUST_PROXY is unset", () => {
  it("ignores X-Forwarded-For: clients naming different addresses share their connection's count", async () => {
    const service = await startWithPerIpLimit({});
    expectCounted(await requestAs(service, "203.0.113.1"), 1);
    expectCounted(await requestAs(service, "203.0.113.2"), 0);
    expectError(await requestAs(service, "203.0.113.3"), 429, "RATE_LIMITED");
    expectError(await requestAs(service), 429, "RATE_LIMITED");
  });
});

// The tests reach the API over loopback, so a loopback "proxy" is the test itself.
describe.each(["loopback", "192.168.0.0/16, 127.0.0.1"])("when TRUST_PROXY=%s trusts the proxy in front", (trustProxy) => {
  it("counts each forwarded client address on its own: one over the limit is refused, another is not", async () => {
    const service = await startWithPerIpLimit({ TRUST_PROXY: trustProxy });
    expectCounted(await requestAs(service, "203.0.113.1"), 1);
    expectCounted(await requestAs(service, "203.0.113.1"), 0);
    expectError(await requestAs(service, "203.0.113.1"), 429, "RATE_LIMITED");
    expectCounted(await requestAs(service, "203.0.113.2"), 1);
    // Without the header the proxy's own address is the client.
    expectCounted(await requestAs(service), 1);
  });
});

describe("when TRUST_PROXY is a number of hops", () => {
  it("takes the address the last proxy appended: entries a client wrote itself, further left, change nothing", async () => {
    const service = await startWithPerIpLimit({ TRUST_PROXY: "1" });
    expectCounted(await requestAs(service, "198.51.100.1, 203.0.113.1"), 1);
    expectCounted(await requestAs(service, "198.51.100.2, 203.0.113.1"), 0);
    expectError(await requestAs(service, "198.51.100.3, 203.0.113.1"), 429, "RATE_LIMITED");
    expectCounted(await requestAs(service, "203.0.113.1, 203.0.113.2"), 1);
  });

  it("counts a forwarded IPv6 client by its /64", async () => {
    const service = await startWithPerIpLimit({ TRUST_PROXY: "1" });
    expectCounted(await requestAs(service, "2001:db8:0:1::a"), 1);
    expectCounted(await requestAs(service, "2001:db8:0:1::b"), 0);
    expectError(await requestAs(service, "2001:db8:0:1::c"), 429, "RATE_LIMITED");
    expectCounted(await requestAs(service, "2001:db8:0:2::a"), 1);
  });
});
