import type { ApiJob } from "@ocrflow/shared/responses";
import { ProgressBar } from "../components/progress-bar.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { formatDateTime, formatDuration } from "../format.ts";
import { Link } from "../router.tsx";

/** A job's state and options, as a description list. */
export function JobSummary({ job }: { job: ApiJob }) {
  const readMs = job.startedAt && job.finishedAt && !job.cached ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : undefined;
  return (
    <dl class="summary">
      <dt>Status</dt>
      <dd>
        <StatusBadge status={job.status} />
        {job.cached && <span class="tag">from cache</span>}
      </dd>
      <dt>Progress</dt>
      <dd>
        <ProgressBar value={job.progress} label="Progress of this job" status={job.status} />
      </dd>
      {job.error && (
        <>
          <dt>Error</dt>
          <dd class="error">
            {job.error.message} ({job.error.code})
          </dd>
        </>
      )}
      <dt>Languages</dt>
      <dd>{job.languages.join(", ")}</dd>
      <dt>Priority</dt>
      <dd>{job.priority}</dd>
      <dt>Mode</dt>
      <dd>
        {job.mode}, {job.resolution} resolution, text layer {job.textLayer}
        {job.revealIdentifiers && ", identifiers shown"}
      </dd>
      <dt>Attempts</dt>
      <dd>
        {job.attempts} of {job.maxAttempts}
      </dd>
      <dt>Submitted</dt>
      <dd>{formatDateTime(job.createdAt)}</dd>
      {readMs !== undefined && (
        <>
          <dt>Read in</dt>
          <dd>{formatDuration(readMs)}</dd>
        </>
      )}
      {job.batchId && (
        <>
          <dt>Batch</dt>
          <dd>
            <Link href={`/batches/${job.batchId}`}>{job.batchId.slice(0, 8)}</Link>
          </dd>
        </>
      )}
    </dl>
  );
}
