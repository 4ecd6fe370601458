import winston from "winston";
import { describeError } from "./errors.ts";

export type Logger = winston.Logger;

/** JSON lines in production; coloured, readable lines in development. */
export function createLogger(options: { level: string; json: boolean; service: string }): Logger {
  const format = options.json
    ? winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
    : winston.format.combine(
        winston.format.colorize(),
        winston.format.timestamp({ format: "HH:mm:ss.SSS" }),
        winston.format.printf(({ timestamp, level, message, service, ...meta }) => {
          const rest = Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : "";
          return `${timestamp} ${level} [${service}] ${message}${rest}`;
        }),
      );
  return winston.createLogger({
    level: options.level,
    format,
    defaultMeta: { service: options.service },
    transports: [new winston.transports.Console()],
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
