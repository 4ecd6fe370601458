import type { ApiJob } from "@ocrflow/shared/responses";
import { useEffect, useState } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { api } from "../api/http.ts";
import { JobActions } from "../components/job-actions.tsx";
import { subscribeToJobs } from "../live/job-events.ts";
import { refreshDocument, useDocuments } from "../live/document-names.ts";
import { Downloads } from "../result/downloads.tsx";
import { JobSummary } from "../result/job-summary.tsx";
import { PageViewer } from "../result/page-viewer.tsx";
import { navigate } from "../router.tsx";
import { useSignedIn } from "../session.tsx";

/** One job: its state live, its actions and downloads, and its pages one at a time with the words over the page. */
export function JobScreen({ jobId, page }: { jobId: string; page: number }) {
  const { capabilities } = useSignedIn();
  const [job, setJob] = useState<ApiJob>();
  const [error, setError] = useState<unknown>();
  const documentOf = useDocuments(job ? [job.documentId] : []);
  const name = job ? (documentOf(job.documentId)?.filename ?? `job ${job.id.slice(0, 8)}`) : "";

  useEffect(() => {
    const load = () => api<{ job: ApiJob }>(`/api/v1/jobs/${jobId}`).then(({ job }) => setJob(job), setError);
    const unsubscribe = subscribeToJobs({
      onJobs: (jobs) => {
        const latest = jobs.filter((changed) => changed.id === jobId).at(-1);
        if (!latest) return;
        setJob((previous) => {
          if (previous?.status !== latest.status) refreshDocument(latest.documentId);
          return latest;
        });
      },
      onResync: load,
    });
    load();
    return unsubscribe;
  }, [jobId]);

  useEffect(() => {
    document.title = `${name || "Job"} · ocrflow`;
  }, [name]);

  if (error !== undefined) {
    return (
      <p class="error" role="alert">
        This job could not be loaded: {explainError(error)}
      </p>
    );
  }
  if (!job) return <p class="muted">Loading…</p>;
  return (
    <>
      <div class="screen-head">
        <h1>{name}</h1>
        <JobActions job={job} name={name} onChanged={setJob} onDeleted={() => navigate("/jobs")} />
      </div>
      <JobSummary job={job} />
      {job.status === "completed" && <Downloads jobId={job.id} name={name} formats={capabilities.resultFormats} />}
      <PageViewer jobId={job.id} page={page} jobVersion={`${job.status}:${job.progress}`} />
    </>
  );
}
