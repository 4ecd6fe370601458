import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { OcrflowError } from "@ocrflow/shared/errors";

// tesseract prints a few lines at most; more is kept to the end of it.
const MAX_STDERR_CHARS = 2_000;

export type NativeRun = {
  args: string[];
  /** Written to the child's stdin, then closed. */
  input: Buffer;
  /** Past this the child is killed and the run fails with a retryable OCR_ENGINE_FAILED. */
  timeoutMs: number;
  /** Aborting kills the child; the run rejects with the signal's reason. */
  signal?: AbortSignal;
};

/** What a child that exited non-zero said: its exit and the end of its stderr. */
export class NativeProcessError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "NativeProcessError";
  }
}

export type NativeProcessPool = {
  /** Runs the binary once (waiting for a free slot, in arrival order); resolves with its stdout. */
  run(run: NativeRun): Promise<Buffer>;
  /** Kills the running children; runs not started yet reject. */
  terminate(): Promise<void>;
};

/**
 * At most `size` child processes of `binary` at once, one per page: each
 * reads its image from stdin and writes its answer to stdout, so no file is
 * ever written, and exits, giving all its memory back (nothing to recycle).
 * Each runs with one OpenMP thread (OMP_THREAD_LIMIT=1): the pool, not
 * tesseract, spreads pages over the cores, as one tesseract.js thread per
 * slot does. Children inherit the worker's niceness.
 */
export function createNativeProcessPool(options: { size: number; binary: string }): NativeProcessPool {
  const { size, binary } = options;
  const running = new Set<ChildProcess>();
  const waiting: { start: () => void; fail: (error: Error) => void }[] = [];
  let busy = 0;
  let terminated = false;

  const acquire = () =>
    new Promise<void>((resolve, reject) => {
      if (terminated) reject(new Error("The native OCR pool has been terminated"));
      else if (busy < size) {
        busy += 1;
        resolve();
      } else waiting.push({ start: resolve, fail: reject });
    });
  const release = () => {
    const next = waiting.shift();
    if (next) next.start();
    else busy -= 1;
  };

  const runChild = ({ args, input, timeoutMs, signal }: NativeRun) =>
    new Promise<Buffer>((resolve, reject) => {
      signal?.throwIfAborted();
      // Its working directory is the temporary folder: anything it might write lands there, never in the service's folders.
      const child = spawn(binary, args, { cwd: tmpdir(), env: { ...process.env, OMP_THREAD_LIMIT: "1" }, stdio: "pipe" });
      running.add(child);
      const stdout: Buffer[] = [];
      let stderr = "";
      let failure: Error | undefined;
      const kill = (error: Error) => {
        failure ??= error;
        child.kill("SIGKILL");
      };
      const timer = setTimeout(() => {
        kill(
          new OcrflowError("OCR_ENGINE_FAILED", `The OCR engine did not finish a page within ${timeoutMs} ms`, {
            retryable: true,
          }),
        );
      }, timeoutMs);
      const onAbort = () => kill(signal?.reason instanceof Error ? signal.reason : new Error("OCR cancelled"));
      signal?.addEventListener("abort", onAbort, { once: true });
      child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-MAX_STDERR_CHARS);
      });
      // A child that exits before reading its whole input (a bad image, a kill) breaks the pipe; its exit says why.
      child.stdin.on("error", () => undefined);
      child.on("error", (error) => {
        failure ??= new Error(`Cannot run ${binary}: ${error.message}`, { cause: error });
      });
      // "close": the process has exited and its output is all read; it is never left running.
      child.on("close", (code, killedBy) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        running.delete(child);
        if (failure) reject(failure);
        else if (code === 0) resolve(Buffer.concat(stdout));
        else {
          const exit = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
          reject(new NativeProcessError(`${binary} ${exit}: ${stderr.trim() || "(no message)"}`, stderr));
        }
      });
      child.stdin.end(input);
    });

  return {
    async run(run) {
      await acquire();
      try {
        return await runChild(run);
      } finally {
        release();
      }
    },

    async terminate() {
      terminated = true;
      for (const next of waiting.splice(0)) next.fail(new Error("The native OCR pool has been terminated"));
      const exits = [...running].map((child) => new Promise((resolve) => child.once("close", resolve)));
      for (const child of running) child.kill("SIGKILL");
      await Promise.all(exits);
    },
  };
}
