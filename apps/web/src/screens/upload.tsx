import { useEffect, useState } from "preact/hooks";
import { ProgressBar } from "../components/progress-bar.tsx";
import { formatBytes } from "../format.ts";
import { Link } from "../router.tsx";
import { useSignedIn } from "../session.tsx";
import { defaultOptions, optionsBody, UploadOptions } from "./upload-options.tsx";
import { type PickedFile, useUploads } from "./use-uploads.ts";

const ACCEPT = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,.gif,.bmp,.webp,application/pdf,image/*";

const STATE_TEXT: Record<PickedFile["state"], string> = {
  waiting: "Ready to upload",
  uploading: "Uploading",
  uploaded: "Uploaded",
  refused: "Refused",
};

function FileRow({ picked, onRemove }: { picked: PickedFile; onRemove: () => void }) {
  return (
    <li class={`file ${picked.state}`} data-file={picked.file.name}>
      <div class="file-name">
        <strong>{picked.file.name}</strong> <span class="muted">{formatBytes(picked.file.size)}</span>
      </div>
      {picked.state === "uploading" || picked.state === "uploaded" ? (
        <ProgressBar value={picked.progress * 100} label={`Upload of ${picked.file.name}`} status={picked.state} />
      ) : (
        <span class={picked.state === "refused" ? "error" : "muted"}>{STATE_TEXT[picked.state]}</span>
      )}
      {picked.message && <div class={picked.state === "refused" ? "error" : "muted small"}>{`${picked.file.name}: ${picked.message}`}</div>}
      {picked.state !== "uploading" && picked.state !== "uploaded" && (
        <button type="button" class="link" onClick={onRemove} aria-label={`Remove ${picked.file.name}`}>
          Remove
        </button>
      )}
    </li>
  );
}

/** Pick or drop several scans and PDFs, set the job options, watch each upload, then follow the job or batch. */
export function UploadScreen() {
  const { capabilities } = useSignedIn();
  const uploads = useUploads(capabilities);
  const [options, setOptions] = useState(() => defaultOptions(capabilities));
  const [dragging, setDragging] = useState(false);
  const waiting = uploads.files.filter((picked) => picked.state === "waiting").length;

  useEffect(() => {
    document.title = "Upload · ocrflow";
  }, []);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer?.files.length) uploads.add(event.dataTransfer.files);
  };

  return (
    <>
      <h1>Upload</h1>
      <form
        class="upload"
        onSubmit={(event) => {
          event.preventDefault();
          uploads.submit(optionsBody(options));
        }}
      >
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the file input inside is the keyboard's way in */}
        <div
          class={`drop-zone ${dragging ? "dragging" : ""}`}
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <label for="files">
            <strong>Drop scans and PDFs here</strong> or choose files
          </label>
          <input
            id="files"
            type="file"
            multiple
            accept={ACCEPT}
            onChange={(event) => {
              const input = event.currentTarget;
              if (input.files?.length) uploads.add(input.files);
              input.value = "";
            }}
          />
          <p class="hint">
            PDF, PNG, JPEG, TIFF, GIF, BMP or WebP, up to {capabilities.upload.maxFileSizeMb} MB each; several files become one batch.
          </p>
        </div>
        {uploads.files.length > 0 && (
          <ul class="files" aria-label="Files to upload" aria-live="polite">
            {uploads.files.map((picked) => (
              <FileRow key={picked.key} picked={picked} onRemove={() => uploads.removeFile(picked.key)} />
            ))}
          </ul>
        )}
        <UploadOptions capabilities={capabilities} value={options} onChange={setOptions} />
        {uploads.error && (
          <p class="error" role="alert">
            {uploads.error}
          </p>
        )}
        <button type="submit" disabled={uploads.busy || waiting === 0 || options.languages.length === 0}>
          {uploads.busy ? "Uploading…" : `Upload and read ${waiting || ""} file${waiting === 1 ? "" : "s"}`}
        </button>
      </form>
      {uploads.submitted.length > 0 && (
        <section class="card submitted" aria-live="polite">
          <h2>Submitted</h2>
          <ul>
            {uploads.submitted.map((done) =>
              done.kind === "job" ? (
                <li key={done.job.id}>
                  <Link href={`/jobs/${done.job.id}`}>Follow the job</Link>
                </li>
              ) : (
                <li key={done.batch.id}>
                  <Link href={`/batches/${done.batch.id}`}>Follow the batch of {done.batch.total} files</Link>
                </li>
              ),
            )}
          </ul>
        </section>
      )}
    </>
  );
}
