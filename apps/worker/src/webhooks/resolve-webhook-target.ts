import { lookup } from "node:dns/promises";
import type { BlockList } from "node:net";
import { isAddressRefused } from "@ocrflow/shared/webhooks";
import { RefusedTargetError } from "./webhook-errors.ts";

/** Where a delivery may connect: the addresses checked, in the resolver's order; the connection is pinned to them. */
export interface WebhookTarget {
  url: URL;
  addresses: readonly { address: string; family: 4 | 6 }[];
}

/**
 * Resolves the URL's host once and refuses it when ANY of its addresses is
 * in a refused range (a name that also points inside must not be usable by
 * luck of the draw). The connection then uses only these checked addresses,
 * so a second DNS answer (rebinding) can never change where the request goes.
 */
export async function resolveWebhookTarget(webhookUrl: string, allowed: BlockList): Promise<WebhookTarget> {
  const url = new URL(webhookUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const resolved = await lookup(host, { all: true, verbatim: true });
  for (const { address } of resolved) {
    if (isAddressRefused(address, allowed)) throw new RefusedTargetError(host, address);
  }
  if (resolved.length === 0) throw new Error(`${host} has no address`);
  return { url, addresses: resolved.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })) };
}
