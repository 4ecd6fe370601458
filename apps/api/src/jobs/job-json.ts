// The Job JSON lives in packages/shared: webhooks built by the worker send the identical object.
export { type JobJson, jobJson } from "@ocrflow/shared/job-json";
