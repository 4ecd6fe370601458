import type { CliApi } from "./api-client.ts";
import { createProgressDisplay } from "./progress-display.ts";

const POLL_MS = 500;
const FINAL = new Set(["completed", "failed", "cancelled"]);

export interface JobView {
  id: string;
  status: string;
  progress: number;
  error: { code: string; message: string } | null;
}

/** Polls GET /api/v1/jobs/:id, showing progress, until the job is completed, failed or cancelled. */
export async function waitForJob(api: CliApi, jobId: string): Promise<JobView> {
  const display = createProgressDisplay(jobId);
  try {
    for (;;) {
      const { job } = await api.request<{ job: JobView }>("GET", `/api/v1/jobs/${jobId}`);
      display.update(job.status, job.progress);
      if (FINAL.has(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    display.stop();
  }
}
