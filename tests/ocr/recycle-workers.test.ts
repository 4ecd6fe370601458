import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { chooseRecycle, nextRssWait, type RecycleReason } from "../../apps/worker/src/ocr/engine/choose-recycle.ts";
import { createOcrEngine, workerStarter } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { createWorkerPool } from "../../apps/worker/src/ocr/engine/worker-pool.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { expectedText, fixturePath } from "./ocr-fixtures.ts";

const MB = 1024 * 1024;
type TesseractWorker = Awaited<ReturnType<ReturnType<typeof workerStarter>>>;

/** The real starter, counting the workers it starts and the ones terminated. */
function countingStarter() {
  const start = workerStarter(["eng"]);
  const counts = { started: 0, terminated: 0 };
  const startWorker = async (): Promise<TesseractWorker> => {
    counts.started += 1;
    const worker = await start();
    const terminate = worker.terminate;
    worker.terminate = () => {
      counts.terminated += 1;
      return terminate();
    };
    return worker;
  };
  return { startWorker, counts };
}

/** Five pages and what each must read as: full pages and tiny ones, in three formats. */
async function fivePages(): Promise<{ image: Buffer; expected: string }[]> {
  const page = (name: string, expected: string) => readFile(fixturePath(name)).then((image) => ({ image, expected }));
  const eng = expectedText["page-eng.png"].join("\n");
  return Promise.all([
    page("page-eng.png", eng),
    page("tiny.gif", "Hi"),
    page("page-eng.jpg", eng),
    page("tiny.webp", "Hi"),
    page("tiny.gif", "Hi"),
  ]);
}

describe("chooseRecycle", () => {
  const policy = { afterPages: 200, maxRssMb: 1000 };
  const age = (pagesRead: number, rssWaitPages = 1) => ({ pagesRead, rssWaitPages });

  it("keeps a worker below both limits", () => {
    expect(chooseRecycle(policy, age(199), 999 * MB)).toBeUndefined();
  });

  it("recycles a worker that has read its pages", () => {
    expect(chooseRecycle(policy, age(200), 10 * MB)).toBe("pages");
  });

  it("recycles when the process is above the RSS limit", () => {
    expect(chooseRecycle(policy, age(1), 1001 * MB)).toBe("rss");
  });

  it("never recycles on a limit set to 0", () => {
    expect(chooseRecycle({ afterPages: 0, maxRssMb: 0 }, age(1_000_000), 100_000 * MB)).toBeUndefined();
  });

  describe("when recycling did not bring the process under the RSS limit", () => {
    it("waits twice as many pages before the next RSS recycle, at most 64", () => {
      expect(chooseRecycle(policy, age(3, 4), 1001 * MB)).toBeUndefined();
      expect(chooseRecycle(policy, age(4, 4), 1001 * MB)).toBe("rss");
      expect(nextRssWait(policy, age(4, 4), 1001 * MB, "rss")).toBe(8);
      expect(nextRssWait(policy, age(64, 64), 1001 * MB, "rss")).toBe(64);
    });

    it("starts again from one page once a page ends under the limit", () => {
      expect(nextRssWait(policy, age(2, 16), 999 * MB, undefined)).toBe(1);
      expect(nextRssWait(policy, age(2, 16), 1001 * MB, undefined)).toBe(16);
    });
  });
});

describe("a worker pool that recycles its workers", { timeout: 120_000 }, () => {
  describe("when a worker is recycled after 2 pages", () => {
    it("reads 5 pages correctly on 3 workers, each old one terminated and each recycle logged", async () => {
      const { startWorker, counts } = countingStarter();
      const reasons: RecycleReason[] = [];
      const logged: { message: string; meta?: Record<string, unknown> }[] = [];
      const pool = await createWorkerPool({
        size: 1,
        startWorker,
        timeoutMs: 60_000,
        recycle: { afterPages: 2, maxRssMb: 0 },
        onRecycle: (reason) => reasons.push(reason),
        logger: { info: (message, meta) => logged.push({ message, meta }), warn: () => undefined },
      });
      try {
        for (const { image, expected } of await fivePages()) {
          const result = await pool.run((worker) => worker.recognize(image));
          expect(characterErrorRate(expected, result.data.text)).toBeLessThan(0.03);
        }
        // One at start, one after page 2, one after page 4; none after page 5.
        expect(counts.started).toBe(3);
        expect(counts.terminated).toBe(2);
        expect(reasons).toEqual(["pages", "pages"]);
        expect(logged).toEqual([
          { message: "recycling OCR worker", meta: expect.objectContaining({ reason: "pages", pagesRead: 2 }) },
          { message: "recycling OCR worker", meta: expect.objectContaining({ reason: "pages", pagesRead: 2 }) },
        ]);
      } finally {
        await pool.terminate();
      }
    });
  });

  describe("when the process stays above the RSS limit", () => {
    it("replaces the worker after a page, then backs off, and still reads every page", async () => {
      const { startWorker, counts } = countingStarter();
      const reasons: RecycleReason[] = [];
      const pool = await createWorkerPool({
        size: 1,
        startWorker,
        timeoutMs: 60_000,
        // 1 MB: any Node process is above it.
        recycle: { afterPages: 0, maxRssMb: 1 },
        onRecycle: (reason) => reasons.push(reason),
      });
      try {
        for (const { image, expected } of await fivePages()) {
          const result = await pool.run((worker) => worker.recognize(image));
          expect(characterErrorRate(expected, result.data.text)).toBeLessThan(0.03);
        }
        // Recycled after page 1, then after 2 more pages (page 3); the next would be after 4 more.
        expect(reasons).toEqual(["rss", "rss"]);
        expect(counts).toEqual({ started: 3, terminated: 2 });
      } finally {
        await pool.terminate();
      }
    });
  });

  describe("when two pages run at once on two workers", () => {
    it("recycles each worker on its own without failing the other's page", async () => {
      const { startWorker, counts } = countingStarter();
      const pool = await createWorkerPool({ size: 2, startWorker, timeoutMs: 60_000, recycle: { afterPages: 1, maxRssMb: 0 } });
      try {
        const pages = await fivePages();
        const results = await Promise.all(pages.map(({ image }) => pool.run((worker) => worker.recognize(image))));
        results.forEach((result, i) => {
          expect(characterErrorRate(pages[i]!.expected, result.data.text)).toBeLessThan(0.03);
        });
        // Two at start and one after each of the five pages.
        expect(counts.started).toBe(7);
      } finally {
        await pool.terminate();
      }
    });
  });
});

describe("a worker pool whose page fails", { timeout: 120_000 }, () => {
  const keepsWorkerAfter = (error: unknown) => String(error).includes("attempting to read image");

  describe("because the image cannot be read", () => {
    it("keeps the worker for the next page", async () => {
      const { startWorker, counts } = countingStarter();
      const pool = await createWorkerPool({ size: 1, startWorker, timeoutMs: 60_000, keepsWorkerAfter });
      try {
        await expect(pool.run((worker) => worker.recognize(Buffer.from("not an image")))).rejects.toThrow(/attempting to read image/);
        const next = await pool.run((worker) => worker.recognize(readFileSync(fixturePath("tiny.gif"))));
        expect(next.data.text.trim()).toBe("Hi");
        expect(counts.started).toBe(1);
      } finally {
        await pool.terminate();
      }
    });
  });

  describe("in a way that may have broken the worker (a WASM abort)", () => {
    it("replaces the worker and reads the next page on the new one", async () => {
      const { startWorker, counts } = countingStarter();
      const pool = await createWorkerPool({ size: 1, startWorker, timeoutMs: 60_000, keepsWorkerAfter });
      try {
        await expect(pool.run(() => Promise.reject(new Error("RuntimeError: Aborted(OOM)")))).rejects.toThrow(/Aborted/);
        const next = await pool.run((worker) => worker.recognize(readFileSync(fixturePath("tiny.gif"))));
        expect(next.data.text.trim()).toBe("Hi");
        expect(counts).toEqual({ started: 2, terminated: 1 });
      } finally {
        await pool.terminate();
      }
    });
  });
});

describe("an OCR engine with recycling configured", { timeout: 120_000 }, () => {
  it("reports each recycle with its reason", async () => {
    const reasons: RecycleReason[] = [];
    const engine = createOcrEngine({
      concurrency: 1,
      recycle: { afterPages: 1, maxRssMb: 0 },
      onRecycle: (reason) => reasons.push(reason),
    });
    try {
      const gif = await readFile(fixturePath("tiny.gif"));
      const texts = [await engine.recognize(gif, ["eng"]), await engine.recognize(gif, ["eng"])].map((page) => page.text.trim());
      expect(texts).toEqual(["Hi", "Hi"]);
      expect(reasons).toEqual(["pages", "pages"]);
    } finally {
      await engine.terminate();
    }
  });
});
