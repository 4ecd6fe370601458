import type { ErrorRequestHandler, RequestHandler } from "express";
import type { ErrorCode } from "@ocrflow/shared/errors";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { toClientError } from "../http/error-handler.ts";
import { ERROR_STATUS } from "../http/error-status.ts";

/** The error body every Azure Document Intelligence client parses. */
export interface AzureErrorBody {
  error: { code: string; message: string; innererror?: { code: string; message: string } };
}

/** An error raised by the Azure-compatible routes, already in that service's vocabulary. */
export class AzureRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly inner?: { code: string; message: string },
  ) {
    super(message);
    this.name = "AzureRequestError";
  }
}

export function azureErrorBody(code: string, message: string, inner?: { code: string; message: string }): AzureErrorBody {
  return { error: { code, message, ...(inner ? { innererror: inner } : {}) } };
}

// The gateway in front of Azure answers a bad key with code "401" and this message; clients show it as is.
const ACCESS_DENIED =
  "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

/** ocrflow error codes in Azure's words: top-level code, and the inner code when Azure has a finer one. */
const AZURE_CODES: Partial<Record<ErrorCode, [code: string, inner?: string]>> = {
  UNAUTHORIZED: ["401"],
  RATE_LIMITED: ["429"],
  NOT_FOUND: ["NotFound"],
  FILE_TOO_LARGE: ["InvalidRequest", "InvalidContentLength"],
  FILE_EMPTY: ["InvalidRequest", "InvalidContentLength"],
  UNSUPPORTED_MEDIA_TYPE: ["InvalidRequest", "InvalidContent"],
  UNSUPPORTED_CONTENT: ["InvalidRequest", "InvalidContent"],
  CORRUPT_FILE: ["InvalidRequest", "InvalidContent"],
  PASSWORD_PROTECTED: ["InvalidRequest", "InvalidContent"],
  TOO_MANY_PAGES: ["InvalidRequest", "InvalidContent"],
  TOO_MANY_PIXELS: ["InvalidRequest", "InvalidContentDimensions"],
  INVALID_JSON: ["InvalidRequest", "InvalidJson"],
  INVALID_OPTION: ["InvalidRequest", "InvalidParameter"],
  VALIDATION_FAILED: ["InvalidRequest", "InvalidParameter"],
  UNKNOWN_LANGUAGE: ["InvalidRequest", "InvalidParameter"],
  REQUEST_TIMEOUT: ["Timeout"],
  DEPENDENCY_UNAVAILABLE: ["ServiceUnavailable"],
  STORAGE_FAILED: ["ServiceUnavailable"],
  OCR_ENGINE_FAILED: ["ServiceUnavailable"],
};

/** Azure has no 422: what ocrflow refuses with it, Azure refuses as a 400 InvalidRequest. */
function azureStatusOf(code: ErrorCode): number {
  const status = ERROR_STATUS[code];
  return status === 422 ? 400 : status;
}

/** An ocrflow error code and message as Azure's error body (also for a failed analyze operation). */
export function azureErrorOf(code: ErrorCode, message: string): AzureErrorBody {
  const [azureCode, inner] = AZURE_CODES[code] ?? (ERROR_STATUS[code] >= 500 ? ["InternalServerError"] : ["InvalidRequest"]);
  return azureErrorBody(azureCode, code === "UNAUTHORIZED" ? ACCESS_DENIED : message, inner ? { code: inner, message } : undefined);
}

/**
 * The error handler of the Azure-compatible routes: every error in Azure's
 * shape, so its SDKs can read it; statuses as ocrflow's table gives them.
 * Mounted on their paths, it also answers errors of the rate limit in front.
 */
export function azureErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof AzureRequestError) {
      res.status(error.status).json(azureErrorBody(error.code, error.message, error.inner));
      return;
    }
    const clientError = toClientError(error);
    const status = clientError ? azureStatusOf(clientError.code) : 500;
    if (!clientError || status >= 500) logger.error("request failed", { requestId: req.id, path: req.path, ...errorFields(error) });
    res
      .status(status)
      .json(
        clientError
          ? azureErrorOf(clientError.code, clientError.message)
          : azureErrorBody("InternalServerError", `Internal error; quote request id ${req.id}`),
      );
  };
}

/** Any other path under the Azure prefixes: Azure's 404. */
export const azureNotFoundRoute: RequestHandler = () => {
  throw new AzureRequestError(404, "404", "Resource not found");
};
