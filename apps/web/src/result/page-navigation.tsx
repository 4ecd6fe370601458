import { useEffect, useState } from "preact/hooks";
import { Link, navigate } from "../router.tsx";

/** Previous, next and "go to page": each page is its own URL, loaded alone. */
export function PageNavigation({ jobId, page, pageCount }: { jobId: string; page: number; pageCount: number | null }) {
  const [target, setTarget] = useState(String(page));
  useEffect(() => setTarget(String(page)), [page]);
  const url = (to: number) => `/jobs/${jobId}/pages/${to}`;
  const last = pageCount ?? page;
  return (
    <nav class="page-nav" aria-label="Pages">
      {page > 1 ? <Link href={url(page - 1)}>← Previous page</Link> : <span class="muted">← Previous page</span>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const to = Math.min(Math.max(1, Number(target) || 1), last);
          navigate(url(to));
        }}
      >
        <label for="page-number">Page</label>
        <input id="page-number" type="number" min={1} max={last} value={target} onInput={(event) => setTarget(event.currentTarget.value)} />
        <span>of {pageCount ?? "?"}</span>
        <button type="submit" class="secondary">
          Go
        </button>
      </form>
      {pageCount !== null && page < pageCount ? <Link href={url(page + 1)}>Next page →</Link> : <span class="muted">Next page →</span>}
    </nav>
  );
}
