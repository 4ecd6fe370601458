import type { SubmitJobsDeps } from "@ocrflow/shared/jobs";
import type { AppDeps } from "../deps.ts";

/** What submitJobs needs, from the API's dependencies: its attempts setting, and cache lookups counted in /metrics. */
export function submitDepsOf(deps: AppDeps): SubmitJobsDeps {
  return { ...deps, maxAttempts: deps.config.JOB_MAX_ATTEMPTS, onCacheLookup: deps.metrics?.recordCacheLookup };
}
