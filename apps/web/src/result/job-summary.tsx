import type { ApiJob } from "@ocrflow/shared/responses";
import { Fragment } from "preact";
import { ProgressBar } from "../components/progress-bar.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { formatDateTime, formatDuration } from "../format.ts";
import { Link } from "../router.tsx";

// Job options being added to the API (an OCR mode, a resolution): shown once the Job carries them.
const EXTRA_OPTIONS = ["mode", "resolution"];

/** A job's state and options, as a description list. */
export function JobSummary({ job }: { job: ApiJob }) {
  const extra = job as unknown as Record<string, unknown>;
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
      {EXTRA_OPTIONS.filter((name) => extra[name] != null).map((name) => (
        <Fragment key={name}>
          <dt>{name}</dt>
          <dd>{String(extra[name])}</dd>
        </Fragment>
      ))}
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
