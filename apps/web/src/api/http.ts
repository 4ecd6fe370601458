import type { ApiErrorBody } from "@ocrflow/shared/responses";

/** An error answer of the API: its status, code and message, as API.md gives them. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, body: Partial<ApiErrorBody> | undefined, fallback: string) {
    super(body?.error?.message ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.error?.code ?? (status === 0 ? "NETWORK" : "HTTP_ERROR");
    this.details = body?.error?.details;
  }
}

// The session's CSRF token: kept in memory only, sent with every change.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Headers every request that changes something carries. */
export function changeHeaders(): Record<string, string> {
  return csrfToken ? { "X-CSRF-Token": csrfToken } : {};
}

// Told when any request finds the session gone (expired, signed out elsewhere, key revoked).
let onSignedOut: () => void = () => undefined;

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  signal?: AbortSignal;
}

/** A request to the API with the session cookie; JSON in and out, errors as ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  if (method !== "GET") Object.assign(headers, changeHeaders());
  if (options.json !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, undefined, "The server could not be reached");
  }
  if (response.status === 204) return undefined as T;
  const body = response.headers.get("content-type")?.includes("application/json") ? await response.json() : undefined;
  if (!response.ok) {
    if (response.status === 401 && path !== "/api/v1/session") onSignedOut();
    throw new ApiError(response.status, body, `The server answered ${response.status}`);
  }
  return body as T;
}
