import { describe, expect, it } from "vitest";
import { loadApiConfig } from "../../apps/api/src/config.ts";

describe("TRUST_PROXY", () => {
  it("is off unless set: the socket's address counts, X-Forwarded-For is ignored", () => {
    expect(loadApiConfig({}).TRUST_PROXY).toBe(false);
    expect(loadApiConfig({ TRUST_PROXY: "" }).TRUST_PROXY).toBe(false);
    expect(loadApiConfig({ TRUST_PROXY: " False " }).TRUST_PROXY).toBe(false);
  });

  it("takes a number of proxies in front, from 1 to 10", () => {
    expect(loadApiConfig({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(loadApiConfig({ TRUST_PROXY: "10" }).TRUST_PROXY).toBe(10);
  });

  it("takes the proxies' addresses, networks and Express's range names, comma-separated", () => {
    expect(loadApiConfig({ TRUST_PROXY: " loopback, 10.0.0.0/8 ,203.0.113.7,fd00::/8, UniqueLocal,linklocal," }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "203.0.113.7",
      "fd00::/8",
      "uniquelocal",
      "linklocal",
    ]);
  });

  it("refuses true, explaining that any client could then pick its address", () => {
    expect(() => loadApiConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: true is refused: .*any client .*X-Forwarded-For/);
  });

  it.each([
    ["abc", /TRUST_PROXY: "abc" is not a proxy address/],
    ["loopback,intranet", /TRUST_PROXY: "intranet" is not a proxy address/],
    ["10.0.0.0/33", /TRUST_PROXY: "10.0.0.0\/33" is not a proxy address/],
    ["99", /TRUST_PROXY: 99 hops: give 1 to 10/],
    ["0", /TRUST_PROXY: 0 hops: give 1 to 10 proxies in front, or false for none/],
    ["-1", /TRUST_PROXY: "-1" is not a proxy address/],
    ["0.0.0.0/0", /TRUST_PROXY: "0.0.0.0\/0" trusts every address, as true would/],
    ["loopback, ::/0", /TRUST_PROXY: "::\/0" trusts every address/],
  ])("refuses %s, naming the variable", (value, message) => {
    expect(() => loadApiConfig({ TRUST_PROXY: value })).toThrow(message);
  });
});
