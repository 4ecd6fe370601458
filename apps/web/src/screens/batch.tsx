import { JOB_STATUSES } from "@ocrflow/shared/job-status";
import type { ApiBatch } from "@ocrflow/shared/responses";
import { useEffect, useState } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { api } from "../api/http.ts";
import { JobTable } from "../components/job-table.tsx";
import { ProgressBar } from "../components/progress-bar.tsx";
import { subscribeToJobs } from "../live/job-events.ts";
import { useJobList } from "../live/use-job-list.ts";
import { Link } from "../router.tsx";

// A batch holds at most 50 jobs: one page shows them all.
const BATCH_PAGE_SIZE = 50;
// The batch's counts are read again at most this often while its jobs move.
const REFRESH_MS = 1000;

/** A batch's own progress and counts, kept live, above the list of its jobs. */
export function BatchScreen({ batchId }: { batchId: string }) {
  const [batch, setBatch] = useState<ApiBatch>();
  const [error, setError] = useState<unknown>();
  const list = useJobList({ batchId, page: 1, pageSize: BATCH_PAGE_SIZE });

  useEffect(() => {
    document.title = "Batch · ocrflow";
    let timer: number | undefined;
    const load = () => {
      timer = undefined;
      api<{ batch: ApiBatch }>(`/api/v1/batches/${batchId}`).then(({ batch }) => setBatch(batch), setError);
    };
    const unsubscribe = subscribeToJobs({
      onJobs: (jobs) => {
        if (jobs.some((job) => job.batchId === batchId)) timer ??= window.setTimeout(load, REFRESH_MS);
      },
      onResync: load,
    });
    load();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [batchId]);

  return (
    <>
      <div class="screen-head">
        <h1>Batch</h1>
        <Link href={`/jobs?batch=${batchId}`}>Show in all jobs</Link>
      </div>
      {error !== undefined && (
        <p class="error" role="alert">
          The batch could not be loaded: {explainError(error)}
        </p>
      )}
      {batch && (
        <section class="card batch-summary" aria-label="Batch progress">
          <ProgressBar value={batch.progress} label="Progress of the batch" />
          <ul class="counts">
            <li>
              <strong>{batch.total}</strong> jobs
            </li>
            {JOB_STATUSES.filter((status) => batch.counts[status]).map((status) => (
              <li key={status}>
                <strong>{batch.counts[status]}</strong> {status}
              </li>
            ))}
          </ul>
        </section>
      )}
      <JobTable jobs={list.jobs} caption="Jobs of this batch" onChanged={list.update} onDeleted={list.remove} />
    </>
  );
}
