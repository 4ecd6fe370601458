import type { RequestSample } from "./latency.ts";
import { median } from "./summarize-runs.ts";

/** What bench/lib/trace-tail-preload.mjs wrote from inside the API process (epoch ms). */
export type ApiTrace = {
  requests: { id: string; start: number; end: number; sqliteMs: number; checkpoint: boolean; enqueueMs: number }[];
  sqliteCalls: { start: number; ms: number; sql: string; checkpoint: boolean; id?: string }[];
  enqueues: { start: number; ms: number; id?: string }[];
  gcPauses: { start: number; ms: number; kind?: number }[];
  stalls: { start: number; ms: number; cpuMs: number }[];
  loop: { p50: number; p99: number; max: number };
};

type Span = { start: number; ms: number };

/** Milliseconds of the spans that fall inside [from, to]. */
function overlapMs(spans: readonly Span[], from: number, to: number): number {
  let total = 0;
  for (const span of spans) total += Math.max(0, Math.min(to, span.start + span.ms) - Math.max(from, span.start));
  return total;
}

const CAUSES = [
  "load generator late",
  "WAL checkpoint",
  "SQLite statements (commit fsync)",
  "Redis (addBulk)",
  "GC",
  "loop busy (CPU)",
  "process waiting for a core",
  "in transit / unexplained",
] as const;

/**
 * Lines up the slowest 1% of requests (by latency from when each was due)
 * with what the API was doing meanwhile, and names for each the largest
 * contributor. The API's event loop is one thread and libsql's calls are
 * synchronous: a checkpoint or fsync inside another request delays this one too,
 * so SQLite, GC and stalls count over the request's whole window, not its own calls only.
 */
export function attributeTail(samples: readonly RequestSample[], trace: ApiTrace): string {
  const byId = new Map(trace.requests.map((request) => [request.id, request]));
  const sorted = [...samples].sort((a, b) => b.done - b.due - (a.done - a.due));
  const tail = sorted.slice(0, Math.max(1, Math.ceil(samples.length / 100)));
  const checkpoints = trace.sqliteCalls.filter((call) => call.checkpoint);
  const statements = trace.sqliteCalls.filter((call) => !call.checkpoint);
  const lines: string[] = [];
  const counts = new Map<string, number>();
  lines.push(
    `Slowest ${tail.length} of ${samples.length} submits (ms; "checkpoint", "sqlite", "gc", "stall" count what ran on the API's loop during the request):`,
    "| latency | sent late | to server | in handler (own sqlite / own addBulk) | back | checkpoint | sqlite | gc | stall (cpu) | cause |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const sample of tail) {
    const server = byId.get(sample.id);
    const from = sample.sent;
    const to = sample.done;
    const checkpointMs = overlapMs(checkpoints, from, to);
    const sqliteMs = overlapMs(statements, from, to);
    const gcMs = overlapMs(trace.gcPauses, from, to);
    const stalled = trace.stalls.filter((stall) => stall.start < to && stall.start + stall.ms > from);
    const stallMs = overlapMs(stalled, from, to);
    const stallCpuMs = stalled.reduce((sum, stall) => sum + Math.min(stall.cpuMs, stall.ms), 0);
    const latency = sample.done - sample.due;
    // What a stall holds beyond the SQLite calls and GC in it is JS work (CPU) or the process off its core.
    const rest = Math.max(0, stallMs - checkpointMs - sqliteMs - gcMs);
    const restCpu = Math.min(rest, Math.max(0, stallCpuMs - sqliteMs - gcMs));
    const parts: Record<(typeof CAUSES)[number], number> = {
      "load generator late": sample.sent - sample.due,
      "WAL checkpoint": checkpointMs,
      "SQLite statements (commit fsync)": sqliteMs,
      "Redis (addBulk)": server?.enqueueMs ?? 0,
      GC: gcMs,
      "loop busy (CPU)": restCpu,
      "process waiting for a core": rest - restCpu,
      "in transit / unexplained": 0,
    };
    const explained = Object.values(parts).reduce((sum, ms) => sum + ms, 0);
    parts["in transit / unexplained"] = Math.max(0, latency - explained);
    const cause = CAUSES.reduce((best, name) => (parts[name] > parts[best] ? name : best), CAUSES[0]);
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
    const f = (ms: number | undefined) => (ms === undefined ? "?" : ms.toFixed(1));
    lines.push(
      `| ${f(latency)} | ${f(sample.sent - sample.due)} | ${server ? f(server.start - sample.sent) : "?"} | ${server ? `${f(server.end - server.start)} (${f(server.sqliteMs)} / ${f(server.enqueueMs)})` : "?"} | ${server ? f(sample.done - server.end) : "?"} | ${f(checkpointMs)} | ${f(sqliteMs)} | ${f(gcMs)} | ${f(stallMs)} (${f(stallCpuMs)}) | ${cause} |`,
    );
  }
  lines.push("", `Largest contributor per tail request: ${[...counts].map(([cause, count]) => `${cause} ${count}`).join(", ")}`);
  const stats = (values: number[]) =>
    values.length === 0 ? "none" : `${values.length}, median ${median(values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}`;
  const writes = statements.filter((call) => /^(INSERT|UPDATE|DELETE|COMMIT)/i.test(call.sql));
  lines.push(
    `Over the whole run, in the API: WAL checkpoints inside a statement ${stats(checkpoints.map((call) => call.ms))} ms` +
      `; other writes >= 0.5 ms (each a commit with its fsync) ${stats(writes.map((call) => call.ms))} ms` +
      `; addBulk ${stats(trace.enqueues.map((call) => call.ms))} ms; GC pauses ${stats(trace.gcPauses.map((pause) => pause.ms))} ms` +
      `; loop stalls > 4 ms ${stats(trace.stalls.map((stall) => stall.ms))} ms; event-loop delay p50 / p99 / max ${trace.loop.p50.toFixed(1)} / ${trace.loop.p99.toFixed(1)} / ${trace.loop.max.toFixed(1)} ms.`,
  );
  return lines.join("\n");
}
