import { openAsBlob } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { languagesSchema, OCR_MODES, prioritySchema, RESOLUTIONS } from "@ocrflow/shared/validators";
import { createCliApi } from "./api-client.ts";
import { parseCommandArgs } from "./parse-command.ts";
import { UsageError } from "./usage.ts";
import { type JobView, waitForJob } from "./wait-for-job.ts";

const USAGE = `usage: pnpm ocrflow jobs submit FILE [--languages eng+fra] [--priority high|normal|low|0-10]
                                [--mode ${OCR_MODES.join("|")}]
                                [--resolution ${RESOLUTIONS.join("|")}] [--wait] [--key KEY] [--url URL]
  The key: --key or OCRFLOW_API_KEY. The API: --url or OCRFLOW_URL [http://127.0.0.1:3000].
  Without --wait prints the job id; with --wait prints the job id and progress on stderr,
  then the text on stdout, and exits 1 if the job failed or was cancelled.`;

const OPTIONS = {
  languages: { type: "string" },
  priority: { type: "string" },
  mode: { type: "string" },
  resolution: { type: "string" },
  wait: { type: "boolean" },
  key: { type: "string" },
  url: { type: "string" },
} as const;

/** `jobs submit FILE`: upload-and-submit over HTTP to a running API; with --wait, the text once done. */
export async function jobsSubmit(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS, USAGE);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "FILE is required" : "give exactly one FILE", USAGE);
  const file = positionals[0];
  await access(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file} (${error.code})`, USAGE);
  });
  const key = values.key ?? env.OCRFLOW_API_KEY;
  if (!key) throw new UsageError("an API key is needed: --key KEY or OCRFLOW_API_KEY", USAGE);
  const baseUrl = values.url ?? env.OCRFLOW_URL ?? "http://127.0.0.1:3000";
  if (!URL.canParse(baseUrl)) throw new UsageError(`not a URL: ${baseUrl}`, USAGE);
  // Checked here so a typo is a usage error; whether a language is installed, the API says.
  if (values.languages !== undefined && !languagesSchema.safeParse(values.languages).success) {
    throw new UsageError(`--languages must be codes joined with +, such as eng or eng+fra (got "${values.languages}")`, USAGE);
  }
  if (values.priority !== undefined && !prioritySchema.safeParse(values.priority).success) {
    throw new UsageError(`--priority must be high, normal, low or an integer 0-10 (got "${values.priority}")`, USAGE);
  }

  for (const [flag, allowed] of [
    ["mode", OCR_MODES],
    ["resolution", RESOLUTIONS],
  ] as const) {
    const value = values[flag];
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`--${flag} must be one of ${allowed.join(", ")} (got "${value}")`, USAGE);
    }
  }

  const form = new FormData();
  for (const field of ["languages", "priority", "mode", "resolution"] as const) {
    const value = values[field];
    if (value !== undefined) form.append(field, value);
  }
  form.append("file", await openAsBlob(file), path.basename(file));
  const api = createCliApi(baseUrl, key);
  const { job } = await api.request<{ job: JobView }>("POST", "/api/v1/jobs", form);
  if (!values.wait) {
    console.log(job.id);
    return;
  }
  // stdout carries only the text, so `... --wait > page.txt` keeps just that.
  process.stderr.write(`job ${job.id}\n`);
  const done = await waitForJob(api, job.id);
  if (done.status !== "completed") {
    const reason = done.error ? `${done.error.code}: ${done.error.message}` : "no reason given";
    throw new Error(`job ${job.id} ${done.status}: ${reason}`);
  }
  process.stdout.write(await api.text(`/api/v1/jobs/${job.id}/result?format=text`));
}
