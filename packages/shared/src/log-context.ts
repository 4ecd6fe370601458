import { AsyncLocalStorage } from "node:async_hooks";

/** Fields every log line carries while a request or a job runs. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  [field: string]: unknown;
}

// One store per process on purpose: code deep inside a request or a job logs
// with its ids without every function passing them along.
const contextStore = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `context` added to every line logged inside it, including
 * lines logged after awaits and from callbacks it starts. Nested calls add
 * to the outer context.
 */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return contextStore.run({ ...contextStore.getStore(), ...context }, fn);
}

/**
 * Sets `context` for the rest of the current execution and everything it
 * starts. For middleware: the request's stream events (body parsing) run in
 * the request's own async scope, which `run` would not reach.
 */
export function enterLogContext(context: LogContext): void {
  contextStore.enterWith({ ...contextStore.getStore(), ...context });
}

export function currentLogContext(): LogContext | undefined {
  return contextStore.getStore();
}
