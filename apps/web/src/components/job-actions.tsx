import { canTransition } from "@ocrflow/shared/job-status";
import type { ApiJob } from "@ocrflow/shared/responses";
import { useState } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { api } from "../api/http.ts";

export interface JobActionsProps {
  job: ApiJob;
  /** Names the job in the buttons' accessible names ("Cancel scan.pdf"). */
  name: string;
  onChanged?: (job: ApiJob) => void;
  onDeleted?: () => void;
}

/**
 * Cancel, retry and delete, each offered only when the job's state allows
 * it (the API's own transition table: cancel while queued or reading, retry
 * once failed or cancelled, delete once finished). A refusal (the job moved
 * on meanwhile) is shown beside them.
 */
export function JobActions({ job, name, onChanged, onDeleted }: JobActionsProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(explainError(failure));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => run(async () => onChanged?.((await api<{ job: ApiJob }>(`/api/v1/jobs/${job.id}/cancel`, { method: "POST" })).job));
  const retry = () => run(async () => onChanged?.((await api<{ job: ApiJob }>(`/api/v1/jobs/${job.id}/retry`, { method: "POST" })).job));
  const remove = () =>
    run(async () => {
      if (!confirm(`Delete the job on ${name} and its result?`)) return;
      await api(`/api/v1/jobs/${job.id}`, { method: "DELETE" });
      onDeleted?.();
    });

  return (
    <div class="actions">
      {canTransition("cancel", job.status) && (
        <button type="button" class="secondary" disabled={busy} onClick={cancel} aria-label={`Cancel ${name}`}>
          Cancel
        </button>
      )}
      {canTransition("retry", job.status) && (
        <button type="button" class="secondary" disabled={busy} onClick={retry} aria-label={`Retry ${name}`}>
          Retry
        </button>
      )}
      {canTransition("remove", job.status) && (
        <button type="button" class="danger" disabled={busy} onClick={remove} aria-label={`Delete ${name}`}>
          Delete
        </button>
      )}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
