const LABELS: Record<string, string> = {
  queued: "Queued",
  processing: "Reading",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** A job's status as a word with its colour (the word alone carries the meaning). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{LABELS[status] ?? status}</span>;
}
