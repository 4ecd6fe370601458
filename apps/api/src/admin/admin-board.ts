import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type express from "express";

export const ADMIN_BOARD_PATH = "/admin/queues";

// Bull Board's page loads its fonts from a CDN; the board must work offline
// and call nothing outside, so that link is dropped (system fonts are used).
const EXTERNAL_STYLESHEET = /<link[^>]+href="https?:\/\/[^"]*"[^>]*>/g;

type RenderEngine = (file: string, options: object, callback: (error: Error | null, html?: string) => void) => void;

/** Bull Board for the given queues, every asset served from this process. */
export function createAdminBoard(queues: readonly Queue[]): express.Express {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(ADMIN_BOARD_PATH);
  createBullBoard({
    // Retries go through the API (POST /api/v1/jobs/:id/retry, /jobs/retry): the database row is the
    // source of truth, and a queue entry retried behind its back would be dropped by the worker.
    queues: queues.map((queue) => new BullMQAdapter(queue, { allowRetries: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: "ocrflow queues" } },
  });
  const board = serverAdapter.getRouter() as express.Express;
  // The board is an Express app of its own, which would add X-Powered-By back.
  board.disable("x-powered-by");
  const engines = (board as unknown as { engines: Record<string, RenderEngine> }).engines;
  const render = engines[".ejs"];
  if (!render) throw new Error("Bull Board's view engine is not registered");
  board.engine("ejs", (file, options, callback) =>
    render(file, options, (error, html) => callback(error, html?.replace(EXTERNAL_STYLESHEET, ""))),
  );
  return board;
}
