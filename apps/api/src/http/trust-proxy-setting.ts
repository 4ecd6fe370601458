import type { z } from "zod";
import { parseCidr } from "@ocrflow/shared/webhooks";

/** Express's own names for address ranges (proxy-addr): loopback, link-local and private networks. */
const NAMED_PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);
const MAX_PROXY_HOPS = 10;

/** What Express 5's `trust proxy` is set to: false (the socket's address), a hop count, or the proxies' addresses. */
export type TrustProxy = false | number | string[];

/** Why one entry of a TRUST_PROXY list is refused, or undefined when it is a proxy address or range. */
function proxyEntryProblem(proxy: string): string | undefined {
  if (NAMED_PROXY_RANGES.has(proxy)) return undefined;
  let prefix: number;
  try {
    prefix = parseCidr(proxy).prefix;
  } catch {
    return `"${proxy}" is not a proxy address: expected false, a number of hops (1-${MAX_PROXY_HOPS}), or comma-separated IPs, CIDRs, loopback, linklocal, uniquelocal`;
  }
  if (prefix === 0) return `"${proxy}" trusts every address, as true would: name the proxies' own addresses or networks`;
  return undefined;
}

/**
 * TRUST_PROXY: `false`, a number of proxies in front (1-10), or their
 * addresses (IPs, CIDRs, Express's range names), comma-separated. `true` is
 * refused: trusting every hop takes X-Forwarded-For's left-most entry, which
 * any client writes itself.
 */
export function parseTrustProxy(text: string, context: z.RefinementCtx): TrustProxy {
  const value = text.trim().toLowerCase();
  if (value === "" || value === "false") return false;
  if (value === "true") {
    context.addIssue({
      code: "custom",
      message:
        "true is refused: trusting every hop lets any client pick its own address through X-Forwarded-For; give the number of proxies in front (e.g. 1) or their addresses (e.g. loopback or 10.0.0.0/8)",
    });
    return false;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= MAX_PROXY_HOPS) return hops;
    context.addIssue({ code: "custom", message: `${value} hops: give 1 to ${MAX_PROXY_HOPS} proxies in front, or false for none` });
    return false;
  }
  const proxies = value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const proxy of proxies) {
    const problem = proxyEntryProblem(proxy);
    if (problem) context.addIssue({ code: "custom", message: problem });
  }
  return proxies;
}
