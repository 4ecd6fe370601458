// Loaded into the bench's API process with `--import` by `pnpm bench api --trace-tail`
// (plain JS: the API runs its bundle on plain node). It records, in the API's own clock
// (epoch ms, sub-ms), what could hold a request up, and writes it all to TRACE_TAIL_FILE
// on exit; bench/lib/attribute-tail.ts lines it up with the slowest requests.
//  - each request carrying `x-trace-id`: when the server saw it and finished answering;
//  - every SQLite call (libsql runs them synchronously, on the event loop), with whether
//    the main database file was written during it (only a WAL checkpoint writes it);
//  - every BullMQ addBulk (the Redis round trip of a submit);
//  - GC pauses, and event-loop stalls over 3 ms with the CPU time the process used meanwhile.
import { AsyncLocalStorage } from "node:async_hooks";
import diagnosticsChannel from "node:diagnostics_channel";
import { statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const now = () => performance.timeOrigin + performance.now();
const store = new AsyncLocalStorage();
const requests = new Map();
const sqliteCalls = [];
const enqueues = [];
const gcPauses = [];
const stalls = [];
const databaseFile = process.env.DATABASE_URL?.startsWith("file:") ? process.env.DATABASE_URL.slice("file:".length) : undefined;

diagnosticsChannel.subscribe("http.server.request.start", ({ request }) => {
  const id = request.headers["x-trace-id"];
  if (id === undefined) return;
  const trace = { id, start: now(), end: 0, sqliteMs: 0, checkpoint: false, enqueueMs: 0 };
  requests.set(id, trace);
  store.enterWith(trace);
});
diagnosticsChannel.subscribe("http.server.response.finish", ({ request }) => {
  const trace = requests.get(request.headers["x-trace-id"]);
  if (trace) trace.end = now();
});

// SQLite: the statements @libsql/client runs (prepare, then run/all/get) and scripts (exec).
const fromShared = createRequire(path.join(root, "packages/shared/src/db.ts"));
const Database = createRequire(fromShared.resolve("@libsql/client"))("libsql");
const sqlOf = new WeakMap();
const mtime = () => (databaseFile ? statSync(databaseFile, { bigint: true }).mtimeNs : 0n);
const timed = (sql, call) => {
  const before = mtime();
  const start = now();
  try {
    return call();
  } finally {
    const ms = now() - start;
    const checkpoint = mtime() !== before;
    const trace = store.getStore();
    if (trace) {
      trace.sqliteMs += ms;
      trace.checkpoint ||= checkpoint;
    }
    if (ms >= 0.5 || checkpoint) sqliteCalls.push({ start, ms, sql: String(sql).replace(/\s+/g, " ").slice(0, 40), checkpoint, id: trace?.id });
  }
};
const probe = new Database(":memory:");
const Statement = Object.getPrototypeOf(probe.prepare("SELECT 1"));
probe.close();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (sql) {
  const statement = prepare.call(this, sql);
  sqlOf.set(statement, sql);
  return statement;
};
const exec = Database.prototype.exec;
Database.prototype.exec = function (sql) {
  return timed(sql, () => exec.call(this, sql));
};
for (const name of ["run", "all", "get"]) {
  const original = Statement[name];
  Statement[name] = function (...args) {
    return timed(sqlOf.get(this), () => original.apply(this, args));
  };
}

// Redis: the submit's one round trip, BullMQ's addBulk.
const { Queue } = createRequire(path.join(root, "apps/api/dist/main.mjs"))("bullmq");
const addBulk = Queue.prototype.addBulk;
Queue.prototype.addBulk = async function (...args) {
  const start = now();
  try {
    return await addBulk.apply(this, args);
  } finally {
    const ms = now() - start;
    const trace = store.getStore();
    if (trace) trace.enqueueMs += ms;
    enqueues.push({ start, ms, id: trace?.id });
  }
};

new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    gcPauses.push({ start: performance.timeOrigin + entry.startTime, ms: entry.duration, kind: entry.detail?.kind });
}).observe({ entryTypes: ["gc"] });

// A 1 ms timer: a gap well over that is a stall; the CPU time used meanwhile tells
// work on the loop (CPU ~ wall) from waiting (for a core, or in a synchronous fsync).
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
let lastTick = now();
let lastCpu = process.cpuUsage();
setInterval(() => {
  const tick = now();
  const cpu = process.cpuUsage();
  const gap = tick - lastTick;
  if (gap > 4) stalls.push({ start: lastTick, ms: gap, cpuMs: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000 });
  lastTick = tick;
  lastCpu = cpu;
}, 1).unref();

process.on("exit", () => {
  const file = process.env.TRACE_TAIL_FILE;
  if (!file) return;
  const loop = { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  writeFileSync(file, JSON.stringify({ requests: [...requests.values()], sqliteCalls, enqueues, gcPauses, stalls, loop }));
});
