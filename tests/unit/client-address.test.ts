import { describe, expect, it } from "vitest";
import { clientAddressOf } from "../../apps/api/src/http/client-address.ts";

describe("the address a client's requests are counted under", () => {
  it("is an IPv4 address as it is, also when IPv4-mapped", () => {
    expect(clientAddressOf("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddressOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("is the /64 of an IPv6 address, however it is written", () => {
    expect(clientAddressOf("2001:db8:85a3:1:8a2e:370:7334:1")).toBe("2001:db8:85a3:1::/64");
    expect(clientAddressOf("2001:0db8:85a3:0001::1")).toBe("2001:db8:85a3:1::/64");
    expect(clientAddressOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientAddressOf("2001:db8:0:0:ffff::2")).toBe(clientAddressOf("2001:db8::3"));
    expect(clientAddressOf("::1")).toBe("0:0:0:0::/64");
    expect(clientAddressOf("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("tells different /64s apart", () => {
    expect(clientAddressOf("2001:db8:0:1::1")).not.toBe(clientAddressOf("2001:db8:0:2::1"));
  });

  it("is one shared bucket when the socket has no address", () => {
    expect(clientAddressOf(undefined)).toBe("unknown");
  });
});
