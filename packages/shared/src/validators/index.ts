export * from "./ids.ts";
export * from "./job-options.ts";
export * from "./requests.ts";
export * from "./responses.ts";
