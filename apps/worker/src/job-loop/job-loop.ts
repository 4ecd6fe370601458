/**
 * The worker's job loop: strict priority across several BullMQ queues.
 *
 * Design. One BullMQ Worker per queue, each created WITHOUT a processor, so
 * BullMQ runs no fetch loop of its own (its "manual processing" pattern).
 * This process owns `concurrency` slots in total, not per queue. Whenever a
 * slot is free, `takeNextJob` asks the queues most urgent first
 * (`getNextJob(token, { block: false })`) and starts the first job found, so
 * the job started is always the most urgent one waiting at that moment; a low
 * job never takes a slot while a high or normal one waits. Slots are refilled
 * when an attempt ends, when any queue reports a job `waiting` (QueueEvents:
 * new jobs, immediate retries, jobs handed back), and by an idle poll that
 * also promotes delayed retries whose backoff is over.
 *
 * What BullMQ's own loop would do is done here: each running job's lock is
 * renewed (run-attempt.ts), each Worker's stalled-job check runs
 * (`startStalledCheckTimer`), so a job whose process died goes back to
 * waiting, and attempts end with moveToCompleted / moveToFailed (retries with
 * backoff from the job's options; UnrecoverableError fails at once).
 *
 * Cancellation: every running attempt has its own AbortController. `abort`
 * (fed by the job-cancel channel), the time limit, a lost lock and shutdown
 * abort it with a reason saying why. This is the equivalent of BullMQ's
 * Worker.cancelJob, whose signal only reaches processors run by BullMQ's loop.
 *
 * Shutdown: `close` takes no new job, waits up to `graceMs` for running
 * attempts, then hands the rest back (moveToWait, lock released), so another
 * worker takes them at once instead of after the stalled-job timeout.
 */
import { randomUUID } from "node:crypto";
import { QueueEvents, Worker } from "bullmq";
import { errorFields, type Logger, throttledErrorLog } from "@ocrflow/shared/logger";
import { createRedis } from "@ocrflow/shared/redis";
import { JobHandedBackError } from "./attempt-errors.ts";
import { type AttemptProcessor, runAttempt } from "./run-attempt.ts";
import { type TakenJob, takeNextJob } from "./take-next-job.ts";

const DEFAULT_LOCK_DURATION_MS = 30_000;
const DEFAULT_IDLE_POLL_MS = 1_000;
const STALLED_TOO_OFTEN = "job stalled more than allowable limit";

export interface JobLoopOptions {
  redisUrl: string;
  prefix: string;
  /** Queue names, most urgent first. */
  queueNames: readonly string[];
  /** Attempts running at once in this process, over all queues together. */
  concurrency: number;
  /** An attempt running longer is aborted with a JOB_TIMEOUT error. */
  jobTimeoutMs: number;
  logger: Logger;
  /** How long a taken job stays locked without renewal [30 s]; renewed every half of it. */
  lockDurationMs?: number;
  /** How often the stalled-job check looks for jobs whose lock expired [30 s]. */
  stalledIntervalMs?: number;
  idlePollMs?: number;
  /** A job the stalled-job check failed because processes died running it twice. */
  onStalledTooOften?: (jobId: string) => void;
}

export interface JobLoop {
  /** Attempts running now. */
  readonly running: number;
  /** Aborts the attempt of a job running here with `reason`; false when it does not run here. */
  abort(jobId: string, reason: unknown): boolean;
  /** Takes no new job, lets running ones finish for up to `graceMs`, hands back the rest, closes. */
  close(graceMs: number): Promise<void>;
}

export function startJobLoop<T>(processor: AttemptProcessor<T>, options: JobLoopOptions): JobLoop {
  const { prefix, concurrency, logger } = options;
  const lockDurationMs = options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS;
  const connection = createRedis(options.redisUrl, "worker");
  connection.on("error", throttledErrorLog(logger, "job loop redis error"));
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let closing = false;
  let filling: Promise<void> | undefined;
  let refillAsked = false;
  const logTakeError = throttledErrorLog(logger, "could not take a job; trying again");

  const workers = options.queueNames.map((name) => {
    const worker = new Worker<T>(name, null, {
      connection,
      prefix,
      lockDuration: lockDurationMs,
      stalledInterval: options.stalledIntervalMs ?? DEFAULT_LOCK_DURATION_MS,
    });
    worker.on("error", throttledErrorLog(logger, "queue worker error", { queue: name }));
    worker.on("stalled", (jobId) => logger.warn("job stalled (its worker stopped renewing the lock); back in its queue", { jobId }));
    void worker.startStalledCheckTimer();
    return worker;
  });
  const queueEvents = options.queueNames.map((name) => {
    const events = new QueueEvents(name, { connection, prefix });
    events.on("error", throttledErrorLog(logger, "queue events error", { queue: name }));
    events.on("waiting", () => fillSlots());
    events.on("failed", ({ jobId, failedReason }) => {
      if (failedReason === STALLED_TOO_OFTEN) options.onStalledTooOften?.(jobId);
    });
    return events;
  });

  function fillSlots(): void {
    if (filling) {
      refillAsked = true;
      return;
    }
    filling = takeWhileSlotsFree().finally(() => {
      filling = undefined;
    });
  }

  async function takeWhileSlotsFree(): Promise<void> {
    do {
      refillAsked = false;
      while (!closing && running.size < concurrency) {
        let taken: TakenJob<T> | undefined;
        try {
          taken = await takeNextJob(workers, randomUUID());
        } catch (error) {
          logTakeError(error);
          return;
        }
        if (!taken) break;
        start(taken);
      }
    } while (refillAsked && !closing);
  }

  function start({ job, token }: TakenJob<T>): void {
    const jobId = job.id ?? token;
    const controller = new AbortController();
    const done = runAttempt(job, token, processor, controller, { jobTimeoutMs: options.jobTimeoutMs, lockDurationMs, logger })
      .catch((error: unknown) => void logger.error("job attempt crashed", { jobId, ...errorFields(error) }))
      .finally(() => {
        running.delete(jobId);
        fillSlots();
      });
    running.set(jobId, { controller, done });
  }

  const idlePoll = setInterval(fillSlots, options.idlePollMs ?? DEFAULT_IDLE_POLL_MS);
  fillSlots();

  return {
    get running() {
      return running.size;
    },
    abort(jobId, reason) {
      const attempt = running.get(jobId);
      attempt?.controller.abort(reason);
      return attempt !== undefined;
    },
    async close(graceMs) {
      closing = true;
      clearInterval(idlePoll);
      await filling;
      await Promise.all(queueEvents.map((events) => events.close()));
      const allDone = () => Promise.all([...running.values()].map((attempt) => attempt.done));
      let graceTimer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"grace over">((resolve) => {
        graceTimer = setTimeout(() => resolve("grace over"), graceMs);
      });
      if ((await Promise.race([allDone(), graceOver])) === "grace over") {
        logger.info("handing running jobs back to the queue", { jobs: [...running.keys()] });
        for (const attempt of running.values()) attempt.controller.abort(new JobHandedBackError());
        await allDone();
      }
      clearTimeout(graceTimer);
      await Promise.all(workers.map((worker) => worker.close()));
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
