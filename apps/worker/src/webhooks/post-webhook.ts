import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { WEBHOOK_SIGNATURE_HEADER } from "@ocrflow/shared/webhooks";
import type { WebhookTarget } from "./resolve-webhook-target.ts";

const TIMEOUT_MS = 10_000;
// Receivers answer with anything; past this much the rest is not read.
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs the signed body to the checked addresses and resolves with the HTTP
 * status. Redirects are not followed (a 3xx is just a status); the response
 * body is read up to a small cap and thrown away; the whole exchange has
 * TIMEOUT_MS. Rejects on connection errors and the timeout.
 */
export function postWebhook(target: WebhookTarget, body: string, signature: string): Promise<number> {
  const { url } = target;
  // Every name resolves to the checked addresses only: no second DNS answer is ever used.
  // Node asks for all of them when it tries IPv6 and IPv4 in turn (autoSelectFamily).
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const [first] = target.addresses;
    if ((options as { all?: boolean }).all) {
      (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [...target.addresses]);
    } else callback(null, first!.address, first!.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: "POST",
      lookup: pinned,
      agent: false,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(body),
        "User-Agent": "ocrflow-webhook",
        [WEBHOOK_SIGNATURE_HEADER]: signature,
      },
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on("response", (response) => {
      let received = 0;
      const done = () => {
        clearTimeout(timer);
        resolve(response.statusCode ?? 0);
      };
      response.on("data", (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) response.destroy();
      });
      response.on("end", done);
      response.on("close", done);
      response.on("error", done);
    });
    request.end(body);
  });
}
