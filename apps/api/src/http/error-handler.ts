import type { ErrorRequestHandler, RequestHandler } from "express";
import multer from "multer";
import { ZodError } from "zod";
import { OcrflowError, type ErrorCode } from "@ocrflow/shared/errors";
import { errorFields, type Logger } from "@ocrflow/shared/logger";
import { jobOptionsSchema } from "@ocrflow/shared/validators";
import { ERROR_STATUS } from "./error-status.ts";

// A bad value of these is a 422 INVALID_OPTION (it lists the allowed values); any other field's is a 400.
const OPTION_FIELDS = new Set([...Object.keys(jobOptionsSchema.shape), "format", "category"]);

const MULTER_ERRORS: Partial<Record<string, [ErrorCode, string]>> = {
  LIMIT_FILE_SIZE: ["FILE_TOO_LARGE", "The file is larger than the configured limit"],
  LIMIT_FILE_COUNT: ["TOO_MANY_FILES", "Too many files in one request"],
  LIMIT_UNEXPECTED_FILE: ["BAD_REQUEST", "Unexpected file field"],
  LIMIT_FIELD_COUNT: ["BAD_REQUEST", "Too many form fields"],
  LIMIT_FIELD_VALUE: ["BAD_REQUEST", "A form field is too long"],
  LIMIT_FIELD_KEY: ["BAD_REQUEST", "A form field name is too long"],
  LIMIT_PART_COUNT: ["BAD_REQUEST", "Too many parts in the form"],
};

// busboy (under multer) throws plain Errors for a malformed multipart body, and
// multer for a request that ends early; their messages are all that tells them apart.
const FORM_PARSE_MESSAGES = new Set([
  "Missing Content-Type",
  "Malformed content type",
  "Multipart: Boundary not found",
  "Malformed part header",
  "Unexpected end of form",
  "Unexpected end of file",
  "Malformed urlencoded form",
  "Request aborted",
  "Request closed",
  "Request error",
]);

function isFormParseError(error: unknown): boolean {
  if (!(error instanceof Error) || error.constructor !== Error) return false;
  return FORM_PARSE_MESSAGES.has(error.message) || error.message.startsWith("Unsupported content type: ");
}

/** Turns anything thrown into an OcrflowError a client may see. */
export function toClientError(error: unknown): OcrflowError | undefined {
  if (error instanceof OcrflowError) return error;
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const isOption = error.issues.every((issue) => OPTION_FIELDS.has(String(issue.path[0])));
    return isOption
      ? new OcrflowError("INVALID_OPTION", "An option has an invalid value", { details })
      : new OcrflowError("VALIDATION_FAILED", "The request is not valid", { details });
  }
  if (error instanceof multer.MulterError) {
    const [code, message] = MULTER_ERRORS[error.code] ?? ["BAD_REQUEST", "The upload is not valid"];
    return new OcrflowError(code, message, { details: error.field ? { field: error.field } : undefined });
  }
  if (isFormParseError(error)) return new OcrflowError("BAD_REQUEST", "The multipart/form-data body is malformed or incomplete");
  const bodyError = error as { type?: string; status?: number };
  if (bodyError.type === "entity.parse.failed") return new OcrflowError("INVALID_JSON", "The body is not valid JSON");
  if (bodyError.type === "entity.too.large") return new OcrflowError("FILE_TOO_LARGE", "The request body is too large");
  if (bodyError.status === 415) return new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "The body's charset or encoding is not supported");
  if (bodyError.status && bodyError.status >= 400 && bodyError.status < 500) {
    return new OcrflowError("BAD_REQUEST", "The request could not be read");
  }
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const clientError = toClientError(error);
    const status = clientError ? ERROR_STATUS[clientError.code] : 500;
    if (!clientError || status >= 500) {
      logger.error("request failed", { requestId: req.id, path: req.path, ...errorFields(error) });
    }
    if (res.headersSent) return;
    res.status(status).json({
      error: clientError
        ? { code: clientError.code, message: clientError.message, details: clientError.details }
        : { code: "INTERNAL", message: `Internal error; quote request id ${req.id}` },
      requestId: req.id,
    });
  };
}

export const notFoundRoute: RequestHandler = (_req, _res, next) => {
  next(new OcrflowError("NOT_FOUND", "No such route"));
};
