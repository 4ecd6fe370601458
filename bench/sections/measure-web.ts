import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import { createDb, type Db } from "../../packages/shared/src/db.ts";
import { launchBrowser } from "../../tests/support/browser.ts";
import { type BenchService, cpuSeconds, startBenchService } from "../lib/bench-service.ts";

const JOBS = 10_000;
const LIVE_JOBS = 50;
const PAGE_ROWS = 50;
const LOADS = 5;
const LIVE_SECONDS = 20;
/** Each live job changes this often, as a worker's page-by-page progress would at its fastest. */
const CHANGE_EVERY_MS = 200;

export type WebRun = {
  /** Navigation start to the first page of jobs drawn, ms, for each load (the first with an empty cache). */
  loadMs: number[];
  /** While LIVE_JOBS change: long tasks (main thread busy > 50 ms) and their time over 50 ms in all. */
  longTasks: number;
  blockingMs: number;
  frameP95Ms: number;
  frameMaxMs: number;
  frames: number;
  changes: number;
  /** Whether every live row showed its job's last progress at the end. */
  caughtUp: boolean;
  /** Share of the live phase the page's main thread spent in tasks, and in script alone (Chromium's own counters). */
  mainThreadBusy: number;
  scriptBusy: number;
  layoutBusy: number;
  styleBusy: number;
  /** CPU the API used while the page followed the changes, in cores. */
  apiCores?: number;
  liveSeconds: number;
};

/** One document and JOBS queued jobs of the bench user, written straight to the database. */
async function seedJobs(db: Db, ownerId: string): Promise<void> {
  const id = randomUUID();
  const document = await db.document.create({
    data: {
      id,
      ownerId,
      filename: "scan.pdf",
      mimeType: "application/pdf",
      sizeBytes: 1000,
      sha256: "0".repeat(64),
      storageKey: `${id.slice(0, 2)}/${id}`,
    },
  });
  const now = Date.now();
  for (let start = 0; start < JOBS; start += 1000) {
    const data = Array.from({ length: Math.min(1000, JOBS - start) }, (_, index) => ({
      ownerId,
      documentId: document.id,
      status: "queued",
      priority: 5,
      languages: "eng",
      maxAttempts: 3,
      createdAt: new Date(now - (start + index) * 1000),
    }));
    await db.job.createMany({ data });
  }
}

/** Time from navigation start until the first page of rows is in the document, read in the page. */
async function timeJobsPage(page: Page, baseUrl: string): Promise<number> {
  await page.goto(`${baseUrl}/jobs`, { waitUntil: "commit" });
  const drawn = await page.waitForFunction(
    (rows) => document.querySelectorAll("table.jobs tbody tr").length >= rows && performance.now(),
    PAGE_ROWS,
    {
      polling: "raf",
      timeout: 30_000,
    },
  );
  return (await drawn.jsonValue()) as number;
}

// Run in the page as source text: tsx would wrap the named functions of a
// function passed to page.evaluate in a helper the page does not have.
const FRAME_WATCH = `(() => {
  const watch = { frames: [], longTasks: [], stop: false };
  globalThis.__watch = watch;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) watch.longTasks.push(entry.duration);
  }).observe({ type: "longtask" });
  let last = performance.now();
  const tick = (now) => {
    watch.frames.push(now - last);
    last = now;
    if (!watch.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Starts counting frames and long tasks in the page. */
async function startFrameWatch(page: Page): Promise<void> {
  await page.evaluate(FRAME_WATCH);
}

async function stopFrameWatch(page: Page) {
  return page.evaluate(() => {
    const watch = (globalThis as any).__watch as { frames: number[]; longTasks: number[]; stop: boolean };
    watch.stop = true;
    return { frames: watch.frames.slice(1), longTasks: watch.longTasks };
  });
}

/** The newest LIVE_JOBS jobs (the first page) move to processing and change every CHANGE_EVERY_MS, as from workers. */
async function changeJobsLive(
  db: Db,
  ids: string[],
  service: BenchService,
): Promise<{ changes: number; lastProgress: number; apiCores?: number }> {
  await db.job.updateMany({ where: { id: { in: ids } }, data: { status: "processing", startedAt: new Date(), progress: 0 } });
  const cpuBefore = await cpuSeconds(service.apiPid);
  const started = performance.now();
  let changes = 0;
  let lastProgress = 0;
  for (let step = 1; performance.now() - started < LIVE_SECONDS * 1000; step += 1) {
    const due = started + step * CHANGE_EVERY_MS;
    lastProgress = Math.min(99, step);
    await db.$transaction(ids.map((id) => db.job.update({ where: { id }, data: { progress: lastProgress } })));
    changes += ids.length;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  const cpuAfter = await cpuSeconds(service.apiPid);
  const seconds = (performance.now() - started) / 1000;
  return {
    changes,
    lastProgress,
    apiCores: cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / seconds : undefined,
  };
}

/**
 * The web app's jobs page for a user with 10,000 jobs, in Debian's chromium
 * against the real API (no worker: the jobs' changes are written to the
 * database as workers write them): how soon the first page is drawn, then
 * frames and long tasks while 50 of the shown jobs change 5 times a second.
 */
export async function measureWeb(): Promise<WebRun> {
  const service = await startBenchService({ workers: 0, workerConcurrency: 1 });
  const db = createDb(service.databaseUrl);
  const browser = await launchBrowser();
  try {
    await seedJobs(db, service.userId);
    const page = await browser.context.newPage();
    await page.goto(`${service.baseUrl}/sign-in`);
    await page.getByLabel("API key").fill(service.key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("table.jobs tbody tr").first().waitFor();
    const loadMs: number[] = [];
    for (let load = 0; load < LOADS; load += 1) loadMs.push(await timeJobsPage(page, service.baseUrl));

    const ids = await page.locator("table.jobs tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-job-id")!));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const metrics = async () =>
      Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((metric) => [metric.name, metric.value]));
    await startFrameWatch(page);
    const before = await metrics();
    const live = await changeJobsLive(db, ids.slice(0, LIVE_JOBS), service);
    const after = await metrics();
    const elapsed = after.Timestamp! - before.Timestamp!;
    const final = String(live.lastProgress);
    const caughtUp = await page
      .waitForFunction(
        (value) => [...document.querySelectorAll("table.jobs tbody progress")].every((bar) => bar.getAttribute("value") === value),
        final,
        { timeout: 10_000 },
      )
      .then(
        () => true,
        () => false,
      );
    const { frames, longTasks } = await stopFrameWatch(page);
    const sorted = [...frames].sort((a, b) => a - b);
    return {
      loadMs,
      longTasks: longTasks.length,
      blockingMs: longTasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      frameP95Ms: sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN,
      frameMaxMs: sorted.at(-1) ?? Number.NaN,
      frames: frames.length,
      changes: live.changes,
      caughtUp,
      mainThreadBusy: (after.TaskDuration! - before.TaskDuration!) / elapsed,
      scriptBusy: (after.ScriptDuration! - before.ScriptDuration!) / elapsed,
      layoutBusy: (after.LayoutDuration! - before.LayoutDuration!) / elapsed,
      styleBusy: (after.RecalcStyleDuration! - before.RecalcStyleDuration!) / elapsed,
      apiCores: live.apiCores,
      liveSeconds: LIVE_SECONDS,
    };
  } finally {
    await browser.close();
    await db.$disconnect();
    await service.close();
  }
}
