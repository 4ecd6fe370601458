import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { OcrflowError } from "@ocrflow/shared/errors";
import { assertPagePixels } from "@ocrflow/shared/page-limits";
import type { PdfRenderFailure, PdfRenderReply, PdfRenderRequest, PdfRenderScale } from "./pdf-render-messages.ts";

const CHILD_PATH = fileURLToPath(new URL("./pdf-render-child.mjs", import.meta.url));

export type PdfRenderer = {
  readonly pageCount: number;
  /** The renderer process's id. */
  readonly pid: number;
  /** True once `close` has been called or the renderer process has stopped. */
  readonly closed: boolean;
  /** Renders one page (1-based) as a PNG; the renderer does nothing until asked for the next. */
  renderPage(page: number): Promise<Buffer>;
  /** Stops the renderer process, also while it renders; safe to call more than once. */
  close(): Promise<void>;
};

/**
 * Opens a PDF in a renderer process of its own: plain node without tsx, so
 * pdfjs and the page bitmaps never enter the worker's memory, and all of it
 * is returned when the process stops. Fails with PASSWORD_PROTECTED or
 * CORRUPT_FILE when the document cannot be opened.
 */
export async function openPdfRenderer(filePath: string, options: { scale: PdfRenderScale; maxPagePixels: number }): Promise<PdfRenderer> {
  const child = fork(CHILD_PATH, [], {
    // No tsx loader, whatever the worker was started with; two malloc arenas keep the page bitmaps' freed memory reusable.
    execArgv: [],
    env: { MALLOC_ARENA_MAX: "2", ...process.env },
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exchange = startExchange(child);
  let closing = false;
  const stopped = () => closing || child.exitCode !== null || child.signalCode !== null;
  const close = async () => {
    closing = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    // Held until it is gone: whoever awaits close() has nothing else keeping the process up.
    child.ref();
    child.kill("SIGKILL");
    await exited;
  };
  try {
    const reply = await exchange({ type: "open", filePath, ...options });
    if (reply.type !== "opened") throw toError(reply, options.maxPagePixels);
    return {
      pageCount: reply.pageCount,
      pid: child.pid!,
      get closed() {
        return stopped();
      },
      async renderPage(page) {
        const answer = await exchange({ type: "render", page });
        if (answer.type !== "page") throw toError(answer, options.maxPagePixels);
        return Buffer.from(answer.image.buffer, answer.image.byteOffset, answer.image.byteLength);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Request and reply over the IPC channel, one at a time. The channel holds the
 * worker's event loop only while a reply is awaited; a renderer that stops
 * fails the request in flight, and every later one, as a retryable error.
 */
function startExchange(child: ChildProcess): (request: PdfRenderRequest) => Promise<PdfRenderReply> {
  let pending: { resolve: (reply: PdfRenderReply) => void; reject: (error: Error) => void } | undefined;
  let stopped: Error | undefined;
  const settle = (outcome: { reply: PdfRenderReply } | { error: Error }) => {
    const waiting = pending;
    pending = undefined;
    child.channel?.unref();
    if ("reply" in outcome) waiting?.resolve(outcome.reply);
    else waiting?.reject(outcome.error);
  };
  child.on("message", (reply: PdfRenderReply) => settle({ reply }));
  const fail = (error: Error) => {
    stopped ??= error;
    settle({ error: stopped });
  };
  child.once("error", (error) =>
    fail(new OcrflowError("OCR_ENGINE_FAILED", `The PDF renderer failed: ${error.message}`, { retryable: true, cause: error })),
  );
  child.once("exit", (code, signal) =>
    fail(new OcrflowError("OCR_ENGINE_FAILED", `The PDF renderer stopped (${signal ?? `exit code ${code}`})`, { retryable: true })),
  );
  child.unref();
  child.channel?.unref();
  return (request) =>
    new Promise((resolve, reject) => {
      if (stopped) return reject(stopped);
      if (pending) return reject(new Error("The PDF renderer answers one request at a time"));
      pending = { resolve, reject };
      child.channel?.ref();
      child.send(request, (error) => {
        if (error)
          fail(
            new OcrflowError("OCR_ENGINE_FAILED", `The PDF renderer cannot be reached: ${error.message}`, {
              retryable: true,
              cause: error,
            }),
          );
      });
    });
}

function toError(failure: PdfRenderFailure | PdfRenderReply, maxPagePixels: number): Error {
  if (failure.type !== "failed") return new Error(`The PDF renderer answered ${failure.type} out of turn`);
  switch (failure.reason) {
    case "password":
      return new OcrflowError("PASSWORD_PROTECTED", "PDF is password-protected");
    case "unreadable":
      return new OcrflowError("CORRUPT_FILE", `PDF cannot be opened: ${failure.message}`);
    case "io":
      return Object.assign(new Error(failure.message), { code: failure.code });
    case "too-many-pixels":
      assertPagePixels(failure.width, failure.height, maxPagePixels, failure.page);
      return new Error(`The PDF renderer refused page ${failure.page} (${failure.width} x ${failure.height}) within the pixel limit`);
    case "unrenderable":
      return new OcrflowError("CORRUPT_FILE", `PDF page ${failure.page} cannot be rendered: ${failure.message}`);
  }
}
