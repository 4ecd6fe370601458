import type { Job, Worker } from "bullmq";

export interface TakenJob<T> {
  worker: Worker<T>;
  job: Job<T>;
  /** The lock token the job was taken with; every later move of the job needs it. */
  token: string;
}

/**
 * Takes the most urgent waiting job: queues are asked in the order given
 * (most urgent first) and the first that has a job gives it; inside a queue
 * BullMQ's priority, then arrival order, decides. Taking a job moves it to
 * active under a lock held with `token`; a delayed retry that is due is
 * promoted on the way.
 */
export async function takeNextJob<T>(workers: readonly Worker<T>[], token: string): Promise<TakenJob<T> | undefined> {
  for (const worker of workers) {
    const job = await worker.getNextJob(token, { block: false });
    if (job) return { worker, job, token };
  }
  return undefined;
}
