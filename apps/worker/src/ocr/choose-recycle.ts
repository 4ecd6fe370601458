/** Why a tesseract.js worker is replaced by a fresh one after a page. */
export type RecycleReason = "pages" | "rss";

/**
 * When to replace a pool slot's tesseract.js worker. Its WASM heap keeps the
 * high-water mark of the largest page it has read (tesseract.js issues 977 and
 * 1045); only terminating the worker gives that memory back. 0 turns a limit off.
 */
export type RecyclePolicy = {
  /** Pages one worker reads before it is replaced. */
  afterPages: number;
  /** Process RSS (MB) above which the worker that just read a page is replaced. */
  maxRssMb: number;
};

export const NO_RECYCLING: RecyclePolicy = { afterPages: 0, maxRssMb: 0 };

/** The reason to recycle a worker that has read `pagesRead` pages, the process being at `rssBytes`; undefined to keep it. */
export function chooseRecycle(policy: RecyclePolicy, pagesRead: number, rssBytes: number): RecycleReason | undefined {
  if (policy.afterPages > 0 && pagesRead >= policy.afterPages) return "pages";
  if (policy.maxRssMb > 0 && rssBytes > policy.maxRssMb * 1024 * 1024) return "rss";
  return undefined;
}
