// The log file of one child of `pnpm start`: data/logs/<child>.log, appended
// across restarts and renamed to <child>.log.1 (replacing the previous one)
// past 10 MB, as supervisord.conf rotates its programs' logs.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import path from "node:path";

const ROTATE_AT_BYTES = 10 * 1024 * 1024;
const TAIL_BYTES = 16 * 1024;

export interface ChildLog {
  readonly file: string;
  write(chunk: Buffer | string): void;
  /** Its last lines (at most `count`), e.g. to show why a child keeps exiting. */
  tail(count: number): string[];
}

/** Opens (creating the folder) a log file for appending. Writes are synchronous, so nothing is lost when the
 * supervisor exits; the file stays open until then (a child's last output may come after it exited). */
export function openChildLog(dir: string, name: string): ChildLog {
  mkdirSync(dir, { recursive: true });
  const file = path.resolve(dir, `${name}.log`);
  let fd = openSync(file, "a");
  let size = fstatSync(fd).size;

  const rotate = () => {
    closeSync(fd);
    renameSync(file, `${file}.1`);
    fd = openSync(file, "a");
    size = 0;
  };

  return {
    file,
    write(chunk) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (size > 0 && size + bytes.length > ROTATE_AT_BYTES) rotate();
      writeSync(fd, bytes);
      size += bytes.length;
    },
    tail(count) {
      const length = Math.min(size, TAIL_BYTES);
      const buffer = Buffer.alloc(length);
      const reader = openSync(file, "r");
      try {
        readSync(reader, buffer, 0, length, size - length);
      } finally {
        closeSync(reader);
      }
      const lines = buffer.toString("utf8").split("\n");
      // The first line may be cut; the last one is empty after a final newline.
      if (size > length) lines.shift();
      return lines.filter((line) => line.trim() !== "").slice(-count);
    },
  };
}
