import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { getPriority, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, inject } from "vitest";
import { deleteQueueKeys, killAll, type ServiceProcess, spawnEntry, waitForExit } from "../support/service-processes.ts";
import { waitFor } from "../support/wait-for.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

/** Niceness and CPU ticks of every thread of a process, from /proc/<pid>/task/<tid>/stat. */
async function threadsOf(pid: number): Promise<{ tid: number; nice: number; cpuTicks: number }[]> {
  const tids = await readdir(`/proc/${pid}/task`);
  const threads = await Promise.all(
    tids.map(async (tid) => {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, "utf8").catch(() => undefined);
      if (!stat) return undefined;
      // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const field = (number: number) => Number(fields[number - 3]);
      return { tid: Number(tid), nice: field(19), cpuTicks: field(14) + field(15) };
    }),
  );
  return threads.filter((thread) => thread !== undefined);
}

describe.runIf(process.platform === "linux")("the worker's CPU priority", () => {
  const prefix = `test-${randomUUID()}`;
  const started: ServiceProcess[] = [];
  let storageDir: string | undefined;

  afterAll(async () => {
    killAll(started);
    await deleteQueueKeys(inject("redisUrl"), prefix);
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it("runs the worker and its OCR thread at WORKER_NICE, so the API on the same host keeps the CPU it needs", async () => {
    expect(getPriority()).toBeLessThan(7);
    storageDir = await mkdtemp(path.join(tmpdir(), "ocrflow-nice-"));
    const worker = spawnEntry("apps/worker/src/main.ts", {
      DATABASE_URL: fileDatabaseUrl(),
      REDIS_URL: inject("redisUrl"),
      QUEUE_PREFIX: prefix,
      STORAGE_DIR: storageDir,
      WORKER_CONCURRENCY: "1",
      WORKER_NICE: "7",
    });
    started.push(worker);
    await waitFor("the worker to start", () => worker.output().includes('"worker started"'), 120_000);
    const pid = worker.child.pid!;
    const threads = await threadsOf(pid);
    expect(threads.find((thread) => thread.tid === pid)?.nice).toBe(7);
    // The thread that loaded the OCR model (the tesseract.js thread) has used the most CPU.
    const busiest = threads.reduce((most, thread) => (thread.cpuTicks > most.cpuTicks ? thread : most));
    expect(busiest.cpuTicks).toBeGreaterThan(0);
    expect(busiest.nice).toBe(7);
    worker.child.kill("SIGTERM");
    expect(await waitForExit(worker, 30_000)).toEqual({ code: 0, signal: null });
  });
});
