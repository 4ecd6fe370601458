import type { ApiBatch, ApiCapabilities, ApiJob } from "@ocrflow/shared/responses";
import { useState } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { ApiError, api } from "../api/http.ts";
import { uploadFile } from "../api/upload-file.ts";
import { rememberDocument } from "../live/document-names.ts";

export interface PickedFile {
  key: number;
  file: File;
  state: "waiting" | "uploading" | "uploaded" | "refused";
  /** Fraction sent, 0-1. */
  progress: number;
  message?: string;
  documentId?: string;
}

/** Where the submitted work can be followed. */
export type Submitted = { kind: "job"; job: ApiJob } | { kind: "batch"; batch: Pick<ApiBatch, "id" | "total"> };

// Two uploads at once: the event stream holds one of the ~6 connections a browser opens to a server.
const PARALLEL_UPLOADS = 2;
let nextKey = 1;

/** The picked files, their uploads with progress, then one job (one file) or batches of 50 (several). */
export function useUploads(capabilities: ApiCapabilities) {
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [submitted, setSubmitted] = useState<Submitted[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const limitBytes = capabilities.upload.maxFileSizeMb * 1024 * 1024;
  const context = { maxFileSizeMb: capabilities.upload.maxFileSizeMb };

  const patch = (key: number, change: Partial<PickedFile>) =>
    setFiles((current) => current.map((picked) => (picked.key === key ? { ...picked, ...change } : picked)));

  const add = (picked: FileList | File[]) => {
    // A file over the limit is refused here already, with the words the server would use.
    const added = [...picked].map((file): PickedFile => {
      const tooBig = file.size > limitBytes;
      const message = tooBig ? explainError(new ApiError(413, { error: { code: "FILE_TOO_LARGE", message: "" } }, ""), context) : undefined;
      return { key: nextKey++, file, state: tooBig ? "refused" : "waiting", progress: 0, message };
    });
    setFiles((current) => [...current.filter((picked) => picked.state !== "uploaded"), ...added]);
    setSubmitted([]);
  };

  const removeFile = (key: number) => setFiles((current) => current.filter((picked) => picked.key !== key));

  const uploadOne = async (picked: PickedFile): Promise<string | undefined> => {
    patch(picked.key, { state: "uploading", progress: 0, message: undefined });
    try {
      const { document, duplicate } = await uploadFile(picked.file, (progress) => patch(picked.key, { progress }));
      rememberDocument(document);
      patch(picked.key, {
        state: "uploaded",
        progress: 1,
        documentId: document.id,
        message: duplicate ? "already uploaded: reused" : undefined,
      });
      return document.id;
    } catch (failure) {
      patch(picked.key, { state: "refused", message: explainError(failure, context) });
      return undefined;
    }
  };

  const submit = async (options: Record<string, unknown>) => {
    const queue = files.filter((picked) => picked.state === "waiting");
    if (queue.length === 0) return;
    setBusy(true);
    setError(undefined);
    const documentIds: string[] = [];
    const worker = async () => {
      for (let picked = queue.shift(); picked; picked = queue.shift()) {
        const id = await uploadOne(picked);
        if (id) documentIds.push(id);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
    try {
      const done: Submitted[] = [];
      if (documentIds.length === 1) {
        const { job } = await api<{ job: ApiJob }>("/api/v1/jobs", { method: "POST", json: { documentId: documentIds[0], ...options } });
        done.push({ kind: "job", job });
      }
      for (let start = 0; documentIds.length > 1 && start < documentIds.length; start += capabilities.upload.maxBatchFiles) {
        const ids = documentIds.slice(start, start + capabilities.upload.maxBatchFiles);
        const { batch } = await api<{ batch: { id: string; total: number } }>("/api/v1/jobs/batch", {
          method: "POST",
          json: { documentIds: ids, ...options },
        });
        done.push({ kind: "batch", batch });
      }
      setSubmitted(done);
    } catch (failure) {
      setError(`The files were uploaded but no job was started: ${explainError(failure, context)}`);
    } finally {
      setBusy(false);
    }
  };

  return { files, add, removeFile, submit, submitted, busy, error };
}
