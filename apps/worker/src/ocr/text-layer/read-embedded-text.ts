import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { OcrWord } from "../types.ts";

const CHILD_PATH = fileURLToPath(new URL("./embedded-text-child.mjs", import.meta.url));

/** One page's own text layer; words' boxes are in the `width` x `height` pixel space. */
export type EmbeddedPage = { page: number; width: number; height: number; words: OcrWord[] };

type ChildMessage = ({ type: "page" } & EmbeddedPage) | { type: "done" } | { type: "failed"; message: string };

/**
 * The words of a PDF's own text layer, from `startPage` on, with boxes in the
 * pixel space of the page rendered at `scale` (1 = 72 dpi). Read in a process of
 * its own with plain node, as the PDF renderer does. Rejects when pdfjs cannot
 * read the document (the renderer then says why: password, corrupt file...).
 */
export function readEmbeddedText(filePath: string, options: { startPage: number; scale: number }): Promise<Map<number, EmbeddedPage>> {
  const child = fork(CHILD_PATH, [], { execArgv: [], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pages = new Map<number, EmbeddedPage>();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (error) reject(error);
      else resolve(pages);
    };
    child.on("message", (message: ChildMessage) => {
      if (message.type === "page")
        pages.set(message.page, { page: message.page, width: message.width, height: message.height, words: message.words });
      else if (message.type === "done") finish();
      else finish(new Error(`The PDF's text layer cannot be read: ${message.message}`));
    });
    child.once("error", (error) => finish(error));
    child.once("exit", (code, signal) => finish(new Error(`The PDF text reader stopped (${signal ?? `exit code ${code}`})`)));
    child.send({ filePath, ...options });
  });
}
