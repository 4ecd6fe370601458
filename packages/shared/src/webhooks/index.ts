export * from "./accept-webhook-url.ts";
export * from "./refused-addresses.ts";
export * from "./sign-webhook.ts";
export * from "./webhook-outbox.ts";
export * from "./webhook-queue.ts";
