// When `pnpm start` restarts a child that exited on its own, and when it
// gives up. Like supervisord's startsecs/startretries, a run that lasted long
// enough proves the child healthy and starts the count again; unlike it, the
// wait before each restart doubles, so a child that cannot start does not
// burn the CPU of a small NAS.

/** A run at least this long was healthy: its exit is the first of a new series. */
export const HEALTHY_RUN_MS = 60_000;
/** This many exits in a row, none after a healthy run, is a crash loop: everything stops. */
export const CRASH_LOOP_EXITS = 5;
const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

/** Exits in a row once a run of `runMs` ended, given the count before it. */
export function countExitsInARow(before: number, runMs: number): number {
  return runMs >= HEALTHY_RUN_MS ? 1 : before + 1;
}

export function isCrashLoop(exitsInARow: number): boolean {
  return exitsInARow >= CRASH_LOOP_EXITS;
}

/** Wait before the restart that follows the nth exit in a row: 1 s, 2 s, 4 s... at most 30 s. */
export function restartDelayMs(exitsInARow: number): number {
  return Math.min(FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, exitsInARow - 1), MAX_RESTART_DELAY_MS);
}

/** "exit code 1" or "signal SIGKILL", as the logs say it. */
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}
