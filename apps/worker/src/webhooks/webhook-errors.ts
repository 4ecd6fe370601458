/**
 * Why a delivery attempt failed. `retryable` decides between BullMQ's
 * backoff and an UnrecoverableError; connection errors and timeouts are
 * plain errors, and retried.
 */

/** The target resolves into a refused range: retrying cannot help. */
export class RefusedTargetError extends Error {
  readonly retryable = false;

  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback or link-local address`);
    this.name = "RefusedTargetError";
  }
}

/** No WEBHOOK_SECRET here: a webhook is never sent unsigned. */
export class MissingSecretError extends Error {
  readonly retryable = false;

  constructor() {
    super("WEBHOOK_SECRET is not set on this worker; webhooks are never sent unsigned");
    this.name = "MissingSecretError";
  }
}

/** The receiver answered outside 2xx; 408, 429, 3xx and 5xx are worth another try, other 4xx are not. */
export class WebhookStatusError extends Error {
  readonly status: number;
  readonly retryable: boolean;

  constructor(status: number) {
    super(`the receiver answered ${status}`);
    this.name = "WebhookStatusError";
    this.status = status;
    this.retryable = status < 400 || status >= 500 || status === 408 || status === 429;
  }
}

export function isRetryableDelivery(error: unknown): boolean {
  return !(
    error instanceof RefusedTargetError ||
    error instanceof MissingSecretError ||
    (error instanceof WebhookStatusError && !error.retryable)
  );
}
