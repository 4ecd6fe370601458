import type { ApiJobPage } from "@ocrflow/shared/responses";
import { useEffect, useState } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { ApiError, api } from "../api/http.ts";
import { LOW_CONFIDENCE } from "./confidence.ts";
import { PageImage } from "./page-image.tsx";
import { PageNavigation } from "./page-navigation.tsx";
import { PageText } from "./page-text.tsx";

export interface PageViewerProps {
  jobId: string;
  page: number;
  /** Changes as the job moves, so a page being read is fetched again once stored. */
  jobVersion: string;
}

type Loaded =
  | { state: "loading" }
  | { state: "loaded"; body: ApiJobPage & { image?: string | null } }
  | { state: "failed"; error: unknown };

const STEP: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (index, count) => Math.min(count - 1, index + 1),
  ArrowDown: (index, count) => Math.min(count - 1, index + 1),
  ArrowLeft: (index) => Math.max(0, index - 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  Home: () => 0,
  End: (_index, count) => count - 1,
};

/** One page of a job, fetched alone: the page with its word boxes beside its text, and the way to the others. */
export function PageViewer({ jobId, page, jobVersion }: PageViewerProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [active, setActive] = useState<number | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<ApiJobPage>(`/api/v1/jobs/${jobId}/pages/${page}`, { signal: controller.signal }).then(
      (body) => setLoaded({ state: "loaded", body }),
      (error) => error.name !== "AbortError" && setLoaded({ state: "failed", error }),
    );
    return () => controller.abort();
  }, [jobId, page, jobVersion]);
  useEffect(() => setActive(null), [jobId, page]);

  if (loaded.state === "loading") return <p class="muted">Loading page {page}…</p>;
  if (loaded.state === "failed") {
    const notYet = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <section aria-label="Page">
        <PageNavigation jobId={jobId} page={page} pageCount={null} />
        <p class={notYet ? "muted" : "error"}>{notYet ? `Page ${page} is not read yet.` : explainError(loaded.error)}</p>
      </section>
    );
  }
  const { page: result, pageCount } = loaded.body;
  const word = active === null ? undefined : result.words[active];
  const lowCount = result.words.filter((candidate) => candidate.confidence < LOW_CONFIDENCE).length;
  const onKeyDown = (event: KeyboardEvent) => {
    const step = STEP[event.key];
    if (!step || result.words.length === 0) return;
    event.preventDefault();
    setActive(step(active ?? -1, result.words.length));
  };

  return (
    <section class="page-viewer" aria-label={`Page ${page}`}>
      <PageNavigation jobId={jobId} page={page} pageCount={pageCount} />
      <p class="page-facts muted">
        {result.words.length} words, mean confidence {Math.round(result.confidence)}%
        {lowCount > 0 && (
          <span class="legend-low">
            {" "}
            · {lowCount} below {LOW_CONFIDENCE}% marked
          </span>
        )}
      </p>
      <div class="page-panes">
        <figure
          class="page-figure"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the page is walked word by word with the arrow keys
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-label={`Page ${page} with its ${result.words.length} word boxes; arrow keys move from word to word`}
        >
          <PageImage page={result} imageUrl={loaded.body.image} active={active} onActive={setActive} />
        </figure>
        <PageText page={result} active={active} onActive={setActive} />
      </div>
      <p class="word-status" aria-live="polite">
        {word ? `“${word.text}”, confidence ${Math.round(word.confidence)}%` : ""}
      </p>
    </section>
  );
}
