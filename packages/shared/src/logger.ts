import winston from "winston";
import { describeError } from "./errors.ts";
import { currentLogContext } from "./log-context.ts";
import { redactSecrets } from "./redact-secrets.ts";

export { currentLogContext, enterLogContext, type LogContext, runWithLogContext } from "./log-context.ts";
export { redactSecrets, redactString } from "./redact-secrets.ts";

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  json: boolean;
  service: string;
  /** Where lines go instead of the console (tests read them back). */
  stream?: NodeJS.WritableStream;
}

/** Adds the running request's or job's ids (see runWithLogContext) to a line. */
const addLogContext = winston.format((info) => {
  const context = currentLogContext();
  if (context) for (const [field, value] of Object.entries(context)) if (info[field] === undefined) info[field] = value;
  return info;
});

/** Replaces secrets in the message and every field before anything is written. */
const redactLine = winston.format((info) => {
  for (const field of Object.keys(info)) if (field !== "level") info[field] = redactSecrets(info[field]);
  return info;
});

/** JSON lines in production; coloured, readable lines in development. Secrets never reach either. */
export function createLogger(options: LoggerOptions): Logger {
  const output = options.json
    ? winston.format.combine(winston.format.timestamp(), winston.format.json())
    : winston.format.combine(
        winston.format.colorize(),
        winston.format.timestamp({ format: "HH:mm:ss.SSS" }),
        winston.format.printf(({ timestamp, level, message, service, ...meta }) => {
          const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : "";
          return `${timestamp} ${level} [${service}] ${message}${rest}`;
        }),
      );
  const transport = options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console();
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(winston.format.errors({ stack: true }), addLogContext(), redactLine(), output),
    defaultMeta: { service: options.service },
    transports: [transport],
  });
}

/** An error as log fields (an Error's own fields do not survive JSON). */
export function errorFields(error: unknown): { error: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { error: describeError(error) };
  const code = (error as { code?: unknown }).code;
  return { error: error.message, code: typeof code === "string" ? code : undefined, stack: error.stack };
}

/**
 * Logs an error listener's errors, each distinct message at most once per
 * interval: a lost Redis connection errors on every reconnect attempt.
 */
export function throttledErrorLog(logger: Logger, message: string, fields: Record<string, unknown> = {}, intervalMs = 30_000) {
  const lastLogged = new Map<string, number>();
  return (error: unknown) => {
    const details = errorFields(error);
    const now = Date.now();
    if (now - (lastLogged.get(details.error) ?? 0) < intervalMs) return;
    lastLogged.set(details.error, now);
    logger.error(message, { ...fields, ...details });
  };
}
