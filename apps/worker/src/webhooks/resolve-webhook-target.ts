import { lookup } from "node:dns/promises";
import type { BlockList } from "node:net";
import { isAddressRefused } from "@ocrflow/shared/webhooks";
import { RefusedTargetError } from "./webhook-errors.ts";

/** The address a delivery connects to, checked; the connection is pinned to it. */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and refuses it when ANY of its addresses is in a
 * refused range (a name that also points inside must not be usable by luck
 * of the draw). The first address is the one connected to, so a second DNS
 * answer (rebinding) can never change where the request goes.
 */
export async function resolveWebhookTarget(webhookUrl: string, allowed: BlockList): Promise<WebhookTarget> {
  const url = new URL(webhookUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = await lookup(host, { all: true, verbatim: true });
  for (const { address } of addresses) {
    if (isAddressRefused(address, allowed)) throw new RefusedTargetError(host, address);
  }
  const [first] = addresses;
  if (!first) throw new Error(`${host} has no address`);
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
