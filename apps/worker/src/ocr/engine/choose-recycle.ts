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

// Most of a worker process's memory is not tesseract's (libvips, malloc arenas): past the RSS limit
// for other reasons, a fresh worker per page would only add a model load to every page.
const MAX_RSS_WAIT_PAGES = 64;

/** How long a slot's worker has run, and how many pages it must read before another RSS recycle. */
export type SlotAge = { pagesRead: number; rssWaitPages: number };

export const NEW_SLOT_AGE: SlotAge = { pagesRead: 0, rssWaitPages: 1 };

/**
 * The reason to recycle a worker after a page, the process being at `rssBytes`;
 * undefined to keep it. Consecutive RSS recycles of a slot back off (1, 2, 4...
 * pages, at most 64) until a page ends under the limit.
 */
export function chooseRecycle(policy: RecyclePolicy, age: SlotAge, rssBytes: number): RecycleReason | undefined {
  if (policy.afterPages > 0 && age.pagesRead >= policy.afterPages) return "pages";
  if (policy.maxRssMb > 0 && rssBytes > policy.maxRssMb * 1024 * 1024 && age.pagesRead >= age.rssWaitPages) return "rss";
  return undefined;
}

/** The slot's RSS back-off after a page: doubled by an RSS recycle, reset by a page under the limit. */
export function nextRssWait(policy: RecyclePolicy, age: SlotAge, rssBytes: number, reason: RecycleReason | undefined): number {
  if (reason === "rss") return Math.min(age.rssWaitPages * 2, MAX_RSS_WAIT_PAGES);
  return policy.maxRssMb > 0 && rssBytes > policy.maxRssMb * 1024 * 1024 ? age.rssWaitPages : 1;
}
