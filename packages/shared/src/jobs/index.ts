// One home for the job lifecycle: states and their transitions, the owned
// reads, the queue side, and the operations API routes and workers call.
export * from "./batch-progress.ts";
export * from "./cancel-job.ts";
export * from "./delete-job.ts";
export * from "./job-queues.ts";
export * from "./job-status.ts";
export * from "./job-transitions.ts";
export * from "./list-jobs.ts";
export * from "./owned-reads.ts";
export * from "./retry-job.ts";
export * from "./retry-jobs.ts";
export * from "./submit-jobs.ts";
