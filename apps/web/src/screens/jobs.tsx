import { JOB_STATUSES } from "@ocrflow/shared/job-status";
import { useEffect } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { JobTable } from "../components/job-table.tsx";
import { Pager } from "../components/pager.tsx";
import { formatCount } from "../format.ts";
import { useJobList } from "../live/use-job-list.ts";
import { Link, navigate, useLocation } from "../router.tsx";

export const JOBS_PAGE_SIZE = 50;

/** Builds /jobs?... from the filters, leaving defaults out. */
function jobsUrl(filters: { status?: string; batch?: string; page?: number }): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.batch) params.set("batch", filters.batch);
  if (filters.page && filters.page > 1) params.set("page", String(filters.page));
  const query = params.toString();
  return query ? `/jobs?${query}` : "/jobs";
}

/** Every job of the user, newest first, a page at a time, live; filtered by status and batch. */
export function JobsScreen() {
  const { query } = useLocation();
  const status = query.get("status") ?? undefined;
  const batch = query.get("batch") ?? undefined;
  const page = Math.max(1, Number(query.get("page")) || 1);
  const list = useJobList({ status, batchId: batch, page, pageSize: JOBS_PAGE_SIZE });

  useEffect(() => {
    document.title = "Jobs · ocrflow";
  }, []);

  return (
    <>
      <div class="screen-head">
        <h1>Jobs</h1>
        <Link class="button" href="/upload">
          Upload files
        </Link>
      </div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="status-filter">Status</label>
        <select
          id="status-filter"
          value={status ?? ""}
          onChange={(event) => navigate(jobsUrl({ status: event.currentTarget.value, batch }))}
        >
          <option value="">All</option>
          {JOB_STATUSES.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        {batch && (
          <span class="chip">
            Batch <Link href={`/batches/${batch}`}>{batch.slice(0, 8)}</Link>
            <button type="button" class="link" onClick={() => navigate(jobsUrl({ status }))} aria-label="Show jobs of every batch">
              ×
            </button>
          </span>
        )}
        <span class="muted" aria-live="polite">
          {list.loading ? "Loading…" : `${formatCount(list.total)} job${list.total === 1 ? "" : "s"}`}
        </span>
      </form>
      {list.error !== undefined && (
        <p class="error" role="alert">
          The jobs could not be loaded: {explainError(list.error)}
        </p>
      )}
      {!list.loading && list.total === 0 ? (
        <p class="empty">
          No jobs{status ? ` ${status}` : ""} yet. <Link href="/upload">Upload a scan or a PDF</Link> to start.
        </p>
      ) : (
        <JobTable jobs={list.jobs} caption="Jobs, newest first" onChanged={list.update} onDeleted={list.remove} />
      )}
      <Pager
        page={page}
        pageSize={JOBS_PAGE_SIZE}
        total={list.total}
        label="Pages of jobs"
        onPage={(next) => navigate(jobsUrl({ status, batch, page: next }))}
      />
    </>
  );
}
