import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port.ts";
import { type ServiceProcess, spawnEntry, waitForExit, waitForHttp } from "./service-processes.ts";
import { waitFor } from "./wait-for.ts";

export interface StartScript extends ServiceProcess {
  baseUrl: string;
  /** Where the script keeps its children's logs: <dataDir>/logs/<child>.log. */
  logDir: string;
  /** The pids the script said it started `child` with, oldest first. */
  pidsOf(child: string): number[];
  /** Waits for the script to start `child` again (a pid it had not reported before), and returns that pid. */
  waitForRestart(child: string, timeoutMs: number): Promise<number>;
  /** SIGTERM, then how it ended. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: string | null }>;
  /** SIGKILLs the script and whatever it started that still runs, then removes its data folder. */
  cleanUp(): Promise<void>;
}

const STARTED = /^\[ocrflow\] started (\S+) \(pid (\d+)\)/gm;

/**
 * `pnpm start` (scripts/start-service.ts) as an operator runs it, with a data
 * folder of its own (files, logs, a local Redis's append-only file) and the
 * API on a free port; `env` adds to or replaces the rest of its environment.
 */
export async function spawnStartScript(env: Record<string, string>): Promise<StartScript> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ocrflow-start-"));
  const port = await freePort();
  const storageDir = path.join(dataDir, "files");
  const script = spawnEntry("scripts/start-service.ts", { PORT: String(port), STORAGE_DIR: storageDir, ...env });
  const pidsOf = (child: string) =>
    [...script.output().matchAll(STARTED)].filter((match) => match[1] === child).map((match) => Number(match[2]));

  // Only processes that are this run's: a pid reported long ago may belong to another process by now. The
  // API and workers carry its STORAGE_DIR; redis-server overwrites its environment with its title (host:port).
  const redisTitle = env.REDIS_URL ? new RegExp(`^redis-server \\S*:${new URL(env.REDIS_URL).port}\\b`) : undefined;
  const isOurs = async (pid: number) => {
    const environ = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
    const title = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const ourRedis = redisTitle?.test(title) ?? false;
    return ourRedis || environ.split("\0").includes(`STORAGE_DIR=${storageDir}`);
  };
  const killLeftovers = async () => {
    const names = new Set([...script.output().matchAll(STARTED)].map((match) => match[1]!));
    for (const pid of [...names].flatMap((name) => pidsOf(name).slice(-1))) {
      if (await isOurs(pid)) process.kill(pid, "SIGKILL");
    }
  };

  return {
    ...script,
    baseUrl: `http://127.0.0.1:${port}`,
    logDir: path.join(dataDir, "logs"),
    pidsOf,
    async waitForRestart(child, timeoutMs) {
      const before = new Set(pidsOf(child));
      return waitFor(`${child} to be started again`, () => pidsOf(child).find((pid) => !before.has(pid)), timeoutMs, 50);
    },
    async stop(timeoutMs = 60_000) {
      script.child.kill("SIGTERM");
      return waitForExit(script, timeoutMs);
    },
    async cleanUp() {
      if (script.child.exitCode === null && script.child.signalCode === null) script.child.kill("SIGKILL");
      await killLeftovers();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the script's API answers /health/ready (fails early if the script exits). */
export async function waitUntilReady(script: StartScript, timeoutMs = 120_000): Promise<void> {
  await waitForHttp(`${script.baseUrl}/health/ready`, script, timeoutMs);
}
