import { describe, expect, it } from "vitest";
import { loadStartConfig } from "../../scripts/lib/start-config.ts";

describe("the configuration of pnpm start", () => {
  it("runs one worker process by default, with worker metrics off", () => {
    expect(loadStartConfig({})).toMatchObject({ WORKER_PROCESSES: 1, workerMetricsPorts: [0] });
  });

  it("gives each worker process its own metrics port, counting up from WORKER_METRICS_PORT", () => {
    expect(loadStartConfig({ WORKER_PROCESSES: "3", WORKER_METRICS_PORT: "9464" }).workerMetricsPorts).toEqual([9464, 9465, 9466]);
  });

  it("refuses a number of worker processes that is not 1 to 32, naming WORKER_PROCESSES", () => {
    for (const value of ["0", "abc", "1.5", "33"]) expect(() => loadStartConfig({ WORKER_PROCESSES: value })).toThrow(/WORKER_PROCESSES/);
  });

  it("refuses metrics ports that would run past 65535", () => {
    expect(() => loadStartConfig({ WORKER_PROCESSES: "2", WORKER_METRICS_PORT: "65535" })).toThrow(/WORKER_METRICS_PORT: .*65535/);
  });

  it("names every wrong variable of every process in one message", () => {
    expect(() => loadStartConfig({ PORT: "abc", WORKER_CONCURRENCY: "0", WORKER_PROCESSES: "0" })).toThrow(
      /Invalid configuration:\n(\s+(PORT|WORKER_CONCURRENCY|WORKER_PROCESSES): .*\n?){3}$/,
    );
  });

  it("checks the API's and the workers' variables too, before anything starts", () => {
    expect(() => loadStartConfig({ PORT: "abc" })).toThrow(/Invalid configuration:\n\s+PORT/);
    expect(() => loadStartConfig({ WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY/);
    expect(() => loadStartConfig({ ADMIN_USER: "admin" })).toThrow(/ADMIN_PASSWORD: is required/);
  });
});
