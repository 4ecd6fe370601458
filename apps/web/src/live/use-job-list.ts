import type { ApiJob } from "@ocrflow/shared/responses";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/http.ts";
import { refreshDocument } from "./document-names.ts";
import { subscribeToJobs } from "./job-events.ts";

export interface JobListQuery {
  status?: string;
  batchId?: string;
  page: number;
  pageSize: number;
}

export interface JobList {
  jobs: ApiJob[];
  total: number;
  loading: boolean;
  error?: unknown;
  reload: () => void;
  /** Shows a job as an action's answer gave it, before the stream tells. */
  update: (job: ApiJob) => void;
  /** Drops a job from the list at once (after a delete). */
  remove: (id: string) => void;
}

function matches(job: ApiJob, query: JobListQuery): boolean {
  return (!query.status || job.status === query.status) && (!query.batchId || job.batchId === query.batchId);
}

/**
 * One page of the user's jobs, kept live from the shared event stream: a
 * job on the page is updated in place, a new one (created after the newest
 * shown) that fits the filters comes in at the top of the first page, and
 * `resync` reloads the page.
 */
export function useJobList(query: JobListQuery): JobList {
  const [state, setState] = useState<{ jobs: ApiJob[]; total: number; loading: boolean; error?: unknown }>({
    jobs: [],
    total: 0,
    loading: true,
  });
  const queryRef = useRef(query);
  queryRef.current = query;
  const key = `${query.status ?? ""}|${query.batchId ?? ""}|${query.page}|${query.pageSize}`;

  const load = useCallback(async (signal?: AbortSignal) => {
    const { status, batchId, page, pageSize } = queryRef.current;
    const params = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
    if (status) params.set("status", status);
    if (batchId) params.set("batchId", batchId);
    try {
      const body = await api<{ items: ApiJob[]; total: number }>(`/api/v1/jobs?${params}`, { signal });
      setState({ jobs: body.items, total: body.total, loading: false });
    } catch (error) {
      if ((error as Error).name !== "AbortError") setState((previous) => ({ ...previous, loading: false, error }));
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    // Listening starts before the page is read, so no change falls between the two.
    const unsubscribe = subscribeToJobs({
      onResync: () => load(),
      onJobs: (changed) =>
        setState((previous) => {
          const current = queryRef.current;
          let jobs = previous.jobs;
          let total = previous.total;
          for (const job of changed) {
            const index = jobs.findIndex((shown) => shown.id === job.id);
            // A worker counts a document's pages as it reads it: its count is asked again when the job's status moves.
            if (index >= 0 && jobs[index]!.status !== job.status) refreshDocument(job.documentId);
            if (index >= 0) jobs = jobs.map((shown, at) => (at === index ? job : shown));
            else if (current.page === 1 && matches(job, current) && (jobs.length === 0 || job.createdAt >= jobs[0]!.createdAt)) {
              jobs = [job, ...jobs].slice(0, current.pageSize);
              total += 1;
            }
          }
          return jobs === previous.jobs ? previous : { ...previous, jobs, total };
        }),
    });
    load(controller.signal);
    return () => {
      controller.abort();
      unsubscribe();
    };
  }, [key, load]);

  const remove = (id: string) =>
    setState((previous) => ({ ...previous, jobs: previous.jobs.filter((job) => job.id !== id), total: previous.total - 1 }));
  const update = (job: ApiJob) =>
    setState((previous) => ({ ...previous, jobs: previous.jobs.map((shown) => (shown.id === job.id ? job : shown)) }));
  return { ...state, reload: () => load(), update, remove };
}
