import { describe, expect, it } from "vitest";
import { OcrflowError } from "../../packages/shared/src/errors.ts";
import {
  assertWebhookUrlAccepted,
  createAllowedNetworks,
  isAddressRefused,
  parseCidr,
  readWebhookSettings,
} from "../../packages/shared/src/webhooks/index.ts";

const NOTHING_ALLOWED = createAllowedNetworks([]);

describe("refused webhook addresses", () => {
  it("refuses loopback, private, link-local, CGNAT, 0/8, multicast and reserved IPv4", () => {
    const refused = [
      "127.0.0.1",
      "127.255.0.9",
      "10.0.0.1",
      "172.16.0.1",
      "172.31.255.254",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "100.127.255.254",
      "0.0.0.0",
      "0.1.2.3",
      "224.0.0.1",
      "239.255.255.250",
      "255.255.255.255",
    ];
    expect(refused.filter((address) => !isAddressRefused(address, NOTHING_ALLOWED))).toEqual([]);
  });

  it("lets public IPv4 through, including the neighbours of refused ranges", () => {
    const open = ["1.1.1.1", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.0.1", "11.0.0.1"];
    expect(open.filter((address) => isAddressRefused(address, NOTHING_ALLOWED))).toEqual([]);
  });

  it("refuses IPv6 loopback, unspecified, unique-local, link-local and multicast", () => {
    const refused = ["::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "ff02::1", "64:ff9b::a00:1"];
    expect(refused.filter((address) => !isAddressRefused(address, NOTHING_ALLOWED))).toEqual([]);
    expect(isAddressRefused("2606:4700:4700::1111", NOTHING_ALLOWED)).toBe(false);
  });

  it("judges IPv4-mapped IPv6 addresses by the IPv4 address inside", () => {
    expect(isAddressRefused("::ffff:127.0.0.1", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("::ffff:a9fe:a9fe", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("::ffff:10.1.2.3", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("::ffff:8.8.8.8", NOTHING_ALLOWED)).toBe(false);
  });

  it("judges 6to4 addresses by the IPv4 address in bits 16-47", () => {
    // 2002:AABB:CCDD:: relays to AA.BB.CC.DD
    expect(isAddressRefused("2002:7f00:1::", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("2002:a00:1::1", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("2002:a9fe:a9fe::", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("2002:0808:0808::1", NOTHING_ALLOWED)).toBe(false);
  });

  it("judges Teredo addresses by both the server and the (inverted) client IPv4 address", () => {
    // 2001:0:SERVER:SERVER:flags:port:~CLIENT:~CLIENT; 65.54.227.120 is 4136:e378, 8.8.8.8 inverted is f7f7:f7f7
    expect(isAddressRefused("2001:0:4136:e378:8000:63bf:80ff:fffe", NOTHING_ALLOWED), "client 127.0.0.1").toBe(true);
    expect(isAddressRefused("2001:0:4136:e378:8000:63bf:f5ff:fffe", NOTHING_ALLOWED), "client 10.0.0.1").toBe(true);
    expect(isAddressRefused("2001:0:a00:1:8000:63bf:f7f7:f7f7", NOTHING_ALLOWED), "server 10.0.0.1").toBe(true);
    expect(isAddressRefused("2001:0:4136:e378:8000:63bf:f7f7:f7f7", NOTHING_ALLOWED), "both public").toBe(false);
  });

  it("judges IPv4-compatible addresses by the IPv4 address in the last 32 bits", () => {
    expect(isAddressRefused("::127.0.0.1", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("::a00:1", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("::a9fe:a9fe", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("::8.8.8.8", NOTHING_ALLOWED)).toBe(false);
  });

  it("refuses NAT64 addresses whatever IPv4 address they carry", () => {
    expect(isAddressRefused("64:ff9b::808:808", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("64:ff9b:1::808:808", NOTHING_ALLOWED)).toBe(true);
  });

  it("refuses anything that is not an IP address", () => {
    expect(isAddressRefused("example.com", NOTHING_ALLOWED)).toBe(true);
    expect(isAddressRefused("", NOTHING_ALLOWED)).toBe(true);
  });

  it("opens exactly the configured networks", () => {
    const allowed = createAllowedNetworks(["127.0.0.0/8", "::1/128", "10.1.0.0/16"]);
    expect(isAddressRefused("127.0.0.1", allowed)).toBe(false);
    expect(isAddressRefused("::1", allowed)).toBe(false);
    expect(isAddressRefused("::ffff:127.0.0.1", allowed)).toBe(false);
    expect(isAddressRefused("10.1.200.3", allowed)).toBe(false);
    expect(isAddressRefused("10.2.0.1", allowed)).toBe(true);
    expect(isAddressRefused("169.254.169.254", allowed)).toBe(true);
  });

  it("opens 6to4, Teredo and IPv4-compatible addresses whose IPv4 address is in a configured network", () => {
    const allowed = createAllowedNetworks(["127.0.0.0/8"]);
    expect(isAddressRefused("2002:7f00:1::", allowed)).toBe(false);
    expect(isAddressRefused("2001:0:4136:e378:8000:63bf:80ff:fffe", allowed)).toBe(false);
    expect(isAddressRefused("::127.0.0.1", allowed)).toBe(false);
    expect(isAddressRefused("2002:a00:1::", allowed)).toBe(true);
    expect(isAddressRefused("2001:0:a00:1:8000:63bf:80ff:fffe", allowed), "server 10.0.0.1 stays refused").toBe(true);
  });

  it("reads CIDRs and bare addresses, and refuses anything else", () => {
    expect(parseCidr("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseCidr("fd00::/8")).toEqual({ address: "fd00::", prefix: 8, family: "ipv6" });
    expect(parseCidr("192.168.1.5")).toEqual({ address: "192.168.1.5", prefix: 32, family: "ipv4" });
    for (const wrong of ["10.0.0.0/33", "fd00::/129", "example.com/8", "10.0.0.0/8/1", "10.0.0.0/x", "10.0.0.0/"]) {
      expect(() => parseCidr(wrong), wrong).toThrow(/not an IPv4 or IPv6 network/);
    }
  });
});

describe("webhookUrl at submit", () => {
  const settings = (allowed = "", secret: string | null = "a-webhook-secret-of-some-length") =>
    readWebhookSettings({
      WEBHOOK_SECRET: secret ?? undefined,
      WEBHOOK_ALLOWED_NETWORKS: allowed ? allowed.split(",") : [],
      WEBHOOK_RETRY_DELAY_MS: 1_000,
    });
  const refusal = (url: string, options = settings()) => {
    try {
      assertWebhookUrlAccepted(options, url);
    } catch (error) {
      expect(error).toBeInstanceOf(OcrflowError);
      expect((error as OcrflowError).code).toBe("INVALID_OPTION");
      return (error as OcrflowError).message;
    }
    return undefined;
  };

  it("accepts public names and addresses, and no webhook at all", () => {
    expect(refusal("https://hooks.example.com/ocr?x=1")).toBeUndefined();
    expect(refusal("http://8.8.8.8:8080/hook")).toBeUndefined();
    expect(() => assertWebhookUrlAccepted(settings("", null), undefined)).not.toThrow();
  });

  it("refuses literal private, loopback and link-local addresses however they are written", () => {
    for (const url of [
      "http://127.0.0.1/hook",
      "http://localhost:8080/hook",
      "http://api.localhost/hook",
      "http://LOCALHOST./hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://0x7f.1/hook",
      "http://2130706433/hook",
      "http://10.0.0.1/hook",
      "http://0.0.0.0/hook",
      "http://[2002:7f00:1::]/hook",
      "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
      "http://[::127.0.0.1]/hook",
    ]) {
      expect(refusal(url), url).toMatch(/private, loopback or link-local/);
    }
  });

  it("accepts loopback when the configuration opens it", () => {
    expect(refusal("http://127.0.0.1:9000/hook", settings("127.0.0.0/8,::1/128"))).toBeUndefined();
    expect(refusal("http://[::1]:9000/hook", settings("127.0.0.0/8,::1/128"))).toBeUndefined();
    expect(refusal("http://[2002:7f00:1::]:9000/hook", settings("127.0.0.0/8,::1/128"))).toBeUndefined();
  });

  it("refuses credentials in the URL and schemes other than http(s)", () => {
    expect(refusal("https://user:pass@hooks.example.com/")).toMatch(/credentials/);
    expect(refusal("ftp://hooks.example.com/")).toMatch(/http or https/);
  });

  it("refuses every webhook while no secret is configured", () => {
    expect(refusal("https://hooks.example.com/", settings("", null))).toMatch(/WEBHOOK_SECRET/);
  });
});
