import { formatCount } from "../format.ts";

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  label: string;
  onPage: (page: number) => void;
}

/** "51-100 of 10,000" with previous and next; never more than one page is loaded. */
export function Pager({ page, pageSize, total, label, onPage }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav class="pager" aria-label={label}>
      <button type="button" class="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span aria-live="polite">
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
      </span>
      <button type="button" class="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
