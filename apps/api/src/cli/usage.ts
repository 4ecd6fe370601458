import { OCR_MODES, RESOLUTIONS } from "@ocrflow/shared/validators";

/** The whole command line, as `pnpm ocrflow help` prints it. */
export const USAGE = `usage: pnpm ocrflow <command> [options]

Keys (on the server; they use DATABASE_URL like the API):
  keys create --name NAME     create a user and its API key; the key is shown once,
                              alone on the last line of the output
  keys list [--json]          every key: id, name, prefix, created, revoked
                              (never the key itself nor its hash)
  keys revoke ID|PREFIX       revoke a key by its id or prefix; the API answers 401 to it

Jobs (from any machine, over HTTP to a running API):
  jobs submit FILE [--languages eng+fra] [--priority high|normal|low|0-10]
                   [--mode ${OCR_MODES.join("|")}]
                   [--resolution ${RESOLUTIONS.join("|")}]
                   [--wait] [--key KEY] [--url URL]
                              upload FILE and submit an OCR job; prints the job id.
                              --wait: progress on stderr, then the text on stdout
  Environment: OCRFLOW_URL [http://127.0.0.1:3000], OCRFLOW_API_KEY (or --key)

Exit codes: 0 done, 1 failed (the job, the API or the database), 2 bad arguments.`;

/** A mistake in the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string = USAGE,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
