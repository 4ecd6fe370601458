import type { ApiJob } from "@ocrflow/shared/responses";
import { formatDateTime } from "../format.ts";
import { type DocumentInfo, useDocuments } from "../live/document-names.ts";
import { Link } from "../router.tsx";
import { JobActions } from "./job-actions.tsx";
import { ProgressBar } from "./progress-bar.tsx";
import { StatusBadge } from "./status-badge.tsx";

export interface JobTableProps {
  jobs: ApiJob[];
  caption: string;
  onChanged: (job: ApiJob) => void;
  onDeleted: (id: string) => void;
}

/** "2 of 5 pages" when the document's page count is known. */
function pagesDone(job: ApiJob, document: DocumentInfo | undefined): string {
  const count = document?.pageCount;
  if (!count) return "";
  const done = job.status === "completed" ? count : Math.floor((job.progress / 100) * count + 1e-9);
  return `${done} of ${count} page${count === 1 ? "" : "s"}`;
}

/** The jobs as a table (a list of cards on a phone), each with its file, state, progress and actions. */
export function JobTable({ jobs, caption, onChanged, onDeleted }: JobTableProps) {
  const documentOf = useDocuments(jobs.map((job) => job.documentId));
  return (
    <table class="jobs">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Document</th>
          <th scope="col">Status</th>
          <th scope="col">Progress</th>
          <th scope="col">Priority</th>
          <th scope="col">Submitted</th>
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => {
          const document = documentOf(job.documentId);
          const name = document?.filename ?? `job ${job.id.slice(0, 8)}`;
          return (
            <tr key={job.id} data-job-id={job.id} data-status={job.status}>
              <td data-label="Document">
                <Link href={`/jobs/${job.id}`}>{name}</Link>
                {job.cached && <span class="tag">from cache</span>}
                {job.error && <div class="error small">{job.error.message}</div>}
              </td>
              <td data-label="Status">
                <StatusBadge status={job.status} />
              </td>
              <td data-label="Progress">
                <div>
                  <ProgressBar value={job.progress} label={`Progress of ${name}`} status={job.status} />
                  <div class="small muted">{pagesDone(job, document)}</div>
                </div>
              </td>
              <td data-label="Priority">{job.priority}</td>
              <td data-label="Submitted">{formatDateTime(job.createdAt)}</td>
              <td data-label="Actions">
                <JobActions job={job} name={name} onChanged={onChanged} onDeleted={() => onDeleted(job.id)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
