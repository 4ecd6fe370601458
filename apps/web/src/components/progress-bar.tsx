/** A labelled progress bar (0-100); the label names what progresses, for screen readers. */
export function ProgressBar({ value, label, status }: { value: number; label: string; status?: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div class={`progress ${status ?? ""}`}>
      <progress max={100} value={clamped} aria-label={label} />
      <span class="progress-value" aria-hidden="true">
        {clamped}%
      </span>
    </div>
  );
}
