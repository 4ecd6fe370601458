import type { Latency } from "./latency.ts";
import { fmt } from "./table.ts";

/** The median (the lower middle of an even count) of numbers; NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** The worst of numbers: the highest for times and sizes, the lowest for rates (`higherIsWorse: false`). */
export function worst(values: readonly number[], higherIsWorse = true): number {
  const kept = values.filter((value) => !Number.isNaN(value));
  if (kept.length === 0) return Number.NaN;
  return higherIsWorse ? Math.max(...kept) : Math.min(...kept);
}

/** "median (worst W)" of one number over the runs; a single run is just its number. */
export function medianAndWorst(values: readonly number[], digits = 0, higherIsWorse = true): string {
  if (values.length === 1) return fmt(values[0], digits);
  return `${fmt(median(values), digits)} (worst ${fmt(worst(values, higherIsWorse), digits)})`;
}

/** Median p50 / p99 over the runs, then the worst run's, then every run's p99 (the spread is the noise). */
export function latencyCell(latencies: readonly Latency[]): string {
  const p50 = latencies.map((latency) => latency.p50);
  const p99 = latencies.map((latency) => latency.p99);
  if (latencies.length === 1) return `${p50[0]} / ${p99[0]}`;
  return `${median(p50)} / ${median(p99)} (worst ${worst(p50)} / ${worst(p99)}; p99 of each run ${p99.join(", ")})`;
}

/** Summed requests and errors of all runs, for the row's label. */
export function countsOf(latencies: readonly Latency[]): { requests: number; errors: number } {
  return {
    requests: latencies.reduce((sum, latency) => sum + latency.requests, 0),
    errors: latencies.reduce((sum, latency) => sum + latency.errors, 0),
  };
}
