// The process supervision of `pnpm start`, in the manner of supervisord: each
// child is restarted when it exits without being asked (restart-policy.ts
// says when, and when to give up), its output goes to its own log file
// (child-log.ts), and stopping asks every child to stop, the ones the others
// depend on (Redis) last.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { type ChildLog, openChildLog } from "./child-log.ts";
import { HEALTHY_RUN_MS, countExitsInARow, describeExit, isCrashLoop, restartDelayMs } from "./restart-policy.ts";

// Above the worker's own hard limit (25 s) and the API's (18 s): past it, SIGKILL.
const STOP_TIMEOUT_MS = 30_000;
// A child's last output can arrive after its exit; the crash-loop report waits this long for it.
const OUTPUT_DRAIN_MS = 1_000;
const CRASH_REPORT_LINES = 20;
const NOTE_MARK = "[ocrflow]";
const isNote = (line: string) => line.split(" ", 2)[1] === NOTE_MARK;

export interface ChildSpec {
  /** Names its log file too: <logDir>/<name>.log. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Also copy its output to this process's stdout and stderr (else it goes to its log only). */
  echo: boolean;
  /** Stopped after all the others (Redis: they need it while they shut down). */
  stopLast?: boolean;
}

export interface CrashLoop {
  name: string;
  exits: number;
  lastExit: string;
  logFile: string;
  lastLines: string[];
}

export interface SupervisedChild {
  readonly name: string;
  readonly logFile: string;
  /** Its pid while it runs. */
  readonly pid: number | undefined;
  /** How its last run ended ("exit code 1", "signal SIGKILL"), once one did. */
  readonly lastExit: string | undefined;
  /** The last lines it wrote to its log. */
  lastLines(count: number): string[];
}

export interface Supervisor {
  /** Spawns the child now (unless stopping), and again whenever it exits unasked. */
  start(spec: ChildSpec): SupervisedChild;
  /** SIGTERM to every child, then to the `stopLast` ones; each gets 30 s before SIGKILL. */
  stop(): Promise<void>;
  /** SIGTERM to every child still running, without waiting: for the supervisor's own unplanned exit. */
  terminateAll(): void;
}

interface Entry {
  spec: ChildSpec;
  log: ChildLog;
  process?: ChildProcess;
  startedAt: number;
  exitsInARow: number;
  lastExit?: string;
  restartTimer?: NodeJS.Timeout;
}

export interface SupervisorOptions {
  logDir: string;
  log: (message: string) => void;
  /** A child keeps exiting (restart-policy.ts); it is not restarted again. */
  onCrashLoop: (crash: CrashLoop) => void;
}

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const entries: Entry[] = [];
  let stopping = false;

  // To the console and, timestamped, into the child's own log, so the log tells its whole story.
  const note = (entry: Entry, message: string) => {
    options.log(message);
    entry.log.write(`${new Date().toISOString()} ${NOTE_MARK} ${message}\n`);
  };
  /** The child's own last lines in its log, without the supervisor's notes. */
  const lastLinesOf = (entry: Entry, count: number) =>
    entry.log
      .tail(count * 4)
      .filter((line) => !isNote(line))
      .slice(-count);

  function run(entry: Entry): void {
    const { spec } = entry;
    entry.restartTimer = undefined;
    if (stopping) return;
    // Its own process group: a Ctrl-C in the terminal reaches only this supervisor, which stops the children in order.
    const child = spawn(spec.command, spec.args, { env: spec.env ?? process.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    entry.process = child;
    entry.startedAt = Date.now();
    child.stdout.on("data", (chunk: Buffer) => {
      entry.log.write(chunk);
      if (spec.echo) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      entry.log.write(chunk);
      if (spec.echo) process.stderr.write(chunk);
    });
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      exited(entry, child, code, signal);
    };
    child.once("exit", end);
    // A command that cannot be spawned (missing, not executable) ends like a child that exits at once.
    child.once("error", (error) => {
      note(entry, `could not start ${spec.name}: ${error.message}`);
      if (child.pid === undefined) end(null, null);
    });
    if (child.pid !== undefined) note(entry, `started ${spec.name} (pid ${child.pid})`);
  }

  function exited(entry: Entry, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (entry.process !== child) return;
    entry.process = undefined;
    entry.lastExit = describeExit(code, signal);
    if (stopping) return;
    const { name } = entry.spec;
    const runSeconds = ((Date.now() - entry.startedAt) / 1000).toFixed(1);
    entry.exitsInARow = countExitsInARow(entry.exitsInARow, Date.now() - entry.startedAt);
    const what = `${name} (pid ${child.pid ?? "none"}) exited with ${entry.lastExit} after ${runSeconds} s`;
    if (isCrashLoop(entry.exitsInARow)) {
      note(entry, `${what}: its ${entry.exitsInARow}th exit in a row, none after a run of ${HEALTHY_RUN_MS / 1000} s; not restarting it`);
      void reportCrashLoop(entry, child);
      return;
    }
    const delayMs = restartDelayMs(entry.exitsInARow);
    note(entry, `${what}; restarting it in ${delayMs / 1000} s`);
    entry.restartTimer = setTimeout(() => run(entry), delayMs);
  }

  async function reportCrashLoop(entry: Entry, child: ChildProcess): Promise<void> {
    if (child.stdout?.readable || child.stderr?.readable) await Promise.race([once(child, "close"), sleep(OUTPUT_DRAIN_MS)]);
    options.onCrashLoop({
      name: entry.spec.name,
      exits: entry.exitsInARow,
      lastExit: entry.lastExit!,
      logFile: entry.log.file,
      lastLines: lastLinesOf(entry, CRASH_REPORT_LINES),
    });
  }

  async function stopEntry(entry: Entry): Promise<void> {
    clearTimeout(entry.restartTimer);
    const child = entry.process;
    if (!child) return;
    const exit = once(child, "exit");
    child.kill("SIGTERM");
    const killer = setTimeout(() => {
      note(entry, `${entry.spec.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
      child.kill("SIGKILL");
    }, STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(killer);
    note(entry, `stopped ${entry.spec.name} (${entry.lastExit})`);
  }

  return {
    start(spec) {
      const entry: Entry = { spec, log: openChildLog(options.logDir, spec.name), startedAt: 0, exitsInARow: 0 };
      entries.push(entry);
      run(entry);
      return {
        name: spec.name,
        logFile: entry.log.file,
        get pid() {
          return entry.process?.pid;
        },
        get lastExit() {
          return entry.lastExit;
        },
        lastLines: (count) => lastLinesOf(entry, count),
      };
    },
    async stop() {
      stopping = true;
      await Promise.all(entries.filter((entry) => !entry.spec.stopLast).map(stopEntry));
      await Promise.all(entries.filter((entry) => entry.spec.stopLast).map(stopEntry));
    },
    terminateAll() {
      for (const entry of entries) entry.process?.kill("SIGTERM");
    },
  };
}
