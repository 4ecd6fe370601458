import { isIP } from "node:net";
import { OcrflowError } from "../errors.ts";
import { isAddressRefused } from "./refused-addresses.ts";
import type { WebhookSettings } from "./webhook-outbox.ts";

/** Names that always mean this host (RFC 6761), whatever DNS says. */
const LOOPBACK_NAMES: readonly [RegExp, string][] = [[/(^|\.)localhost$/, "127.0.0.1"]];

/**
 * The submit-time check of a webhookUrl: a secret is configured, the URL is
 * http(s) without credentials, and a literal IP (or localhost) is not in a
 * refused range. Names are resolved, and checked again, at delivery.
 */
export function assertWebhookUrlAccepted(settings: WebhookSettings, webhookUrl: string | undefined): void {
  if (webhookUrl === undefined) return;
  if (!settings.secret) {
    refuse("Webhooks need WEBHOOK_SECRET to be set on the server (unsigned webhooks are never sent)", "webhooks are not configured");
  }
  const problem = webhookUrlProblem(webhookUrl, settings);
  if (problem) refuse(`webhookUrl ${problem}`, problem);
}

function webhookUrlProblem(webhookUrl: string, settings: WebhookSettings): string | undefined {
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    return "must be an http or https URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http or https URL";
  if (url.username || url.password) return "must not carry credentials";
  const host = literalAddressOf(url.hostname);
  if (host && isAddressRefused(host, settings.allowedNetworks)) {
    return "must not point to a private, loopback or link-local address";
  }
  return undefined;
}

/** The IP a hostname stands for without DNS (the URL parser has normalised 0x7f.1 and the like). */
function literalAddressOf(hostname: string): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (isIP(host)) return host;
  return LOOPBACK_NAMES.find(([pattern]) => pattern.test(host))?.[1];
}

function refuse(message: string, detail: string): never {
  throw new OcrflowError("INVALID_OPTION", message, { details: [{ path: "webhookUrl", message: detail }] });
}
