import cliProgress from "cli-progress";

export interface ProgressDisplay {
  update: (status: string, progress: number) => void;
  stop: () => void;
}

/**
 * A progress bar on stderr when stderr is a terminal; otherwise (a log, a
 * pipe) one plain line per change, so nothing fills a file with redraws.
 */
export function createProgressDisplay(jobId: string, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `job ${jobId.slice(0, 8)} [{bar}] {percentage}% {status}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { status: "queued" });
    return { update: (status, progress) => bar.update(progress, { status }), stop: () => bar.stop() };
  }
  let last = "";
  return {
    update: (status, progress) => {
      const line = `job ${jobId}: ${status} ${progress}%`;
      if (line !== last) stream.write(`${line}\n`);
      last = line;
    },
    stop: () => undefined,
  };
}
