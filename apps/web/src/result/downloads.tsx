const EXTENSIONS: Record<string, string> = { json: "json", text: "txt", markdown: "md", hocr: "hocr", pdf: "pdf", alto: "xml" };
const LABELS: Record<string, string> = {
  json: "JSON",
  text: "Text",
  markdown: "Markdown",
  hocr: "hOCR",
  pdf: "Searchable PDF",
  alto: "ALTO XML",
};

/** A download link per result format the service offers (GET /api/v1/capabilities), so new formats show by themselves. */
export function Downloads({ jobId, name, formats }: { jobId: string; name: string; formats: string[] }) {
  const base = name.replace(/\.[^.]+$/, "") || jobId;
  return (
    <ul class="downloads" aria-label="Downloads">
      {formats.map((format) => (
        <li key={format}>
          <a
            class="button secondary"
            href={`/api/v1/jobs/${jobId}/result?format=${format}`}
            download={`${base}.${EXTENSIONS[format] ?? format}`}
          >
            {LABELS[format] ?? format}
          </a>
        </li>
      ))}
    </ul>
  );
}
