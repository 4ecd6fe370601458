import { execFile, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { expectedText } from "../ocr/ocr-fixtures.ts";
import { freePort } from "../support/free-port.ts";
import { apiClient, fileForm, fixture } from "../support/http-client.ts";
import { deleteQueueKeys, type ServiceProcess, waitForExit, waitForHttp } from "../support/service-processes.ts";
import { waitFor } from "../support/wait-for.ts";
import { characterErrorRate } from "../support/text-error-rate.ts";
import { fileDatabaseUrl } from "../support/test-databases.ts";

const run = promisify(execFile);
const REPO = process.cwd();
// What the programs need from the repository; supervisord.conf itself is linked, not copied.
const LINKED = ["supervisord.conf", "apps", "packages", "scripts", "prisma", "node_modules", "package.json", "tsconfig.json"];
// The documented override file: one worker, and the test's Redis instead of a local one.
const LOCAL_OVERRIDES = "[program:worker]\nnumprocs=1\n\n[program:redis]\nautostart=false\n";

if (spawnSync("supervisord", ["--version"]).error) {
  throw new Error("supervisord is not installed: apt-get install supervisor (scripts/test.sh does it)");
}

describe("supervisord.conf on a NAS-like folder", () => {
  let home: string;
  let supervisord: ServiceProcess | undefined;
  let baseUrl: string;
  const prefix = `test-${randomUUID()}`;
  const programPids = new Set<number>();

  const ctl = async (...args: string[]) =>
    (await run("supervisorctl", ["-c", path.join(home, "supervisord.conf"), ...args]).catch((error) => error)).stdout as string;
  const workerPid = async () => Number((await ctl("pid", "worker:worker_00")).trim());
  const workerRunning = async () => /worker_00\s+RUNNING\s+pid (\d+)/.exec(await ctl("status"))?.[1];

  beforeAll(async () => {
    // The config's %(here)s is this folder, so its data/ (logs, socket, pid file) is the test's own.
    home = await mkdtemp(path.join(tmpdir(), "ocrflow-sv-"));
    for (const name of LINKED) await symlink(path.join(REPO, name), path.join(home, name));
    await mkdir(path.join(home, "data/logs"), { recursive: true });
    await writeFile(path.join(home, "supervisord.local.conf"), LOCAL_OVERRIDES);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;

    const child = spawn("supervisord", ["-n", "-c", path.join(home, "supervisord.conf")], {
      cwd: home,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: fileDatabaseUrl(),
        REDIS_URL: inject("redisUrl"),
        QUEUE_PREFIX: prefix,
        STORAGE_DIR: path.join(home, "data/files"),
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    supervisord = { child, output: () => output };
    await waitForHttp(`${baseUrl}/health/ready`, supervisord, 90_000);
  });

  afterAll(async () => {
    if (supervisord && supervisord.child.exitCode === null) {
      for (const line of (await ctl("pid", "all")).split("\n")) if (Number(line) > 0) programPids.add(Number(line));
      supervisord.child.kill("SIGTERM");
      await waitForExit(supervisord, 90_000).catch(() => supervisord?.child.kill("SIGKILL"));
    }
    // Leave nothing running, whatever happened above.
    for (const pid of programPids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    await deleteQueueKeys(inject("redisUrl"), prefix);
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("runs the API and the configured number of workers, leaving Redis off as overridden", async () => {
    // supervisord calls a program RUNNING only after its startsecs, which may be after the API answers.
    const bothRunning = (status: string) => /^api\s+RUNNING/m.test(status) && /^worker:worker_00\s+RUNNING/m.test(status);
    await waitFor("the API and the worker to be RUNNING", async () => bothRunning(await ctl("status")), 30_000);
    const status = await ctl("status");
    expect(status).toMatch(/^api\s+RUNNING/m);
    expect(status).toMatch(/^redis\s+STOPPED/m);
    expect(status.match(/^worker:worker_\d+/gm)).toEqual(["worker:worker_00"]);
  });

  it("restarts a worker killed mid-job, and the job still completes", async () => {
    const created = await run(process.execPath, ["--import", "tsx", "apps/api/src/cli/main.ts", "keys", "create", "--name", "nas"], {
      env: { ...process.env, DATABASE_URL: fileDatabaseUrl() },
    });
    const client = apiClient(baseUrl, created.stdout.trim().split("\n").at(-1));
    await waitFor(
      "the worker to be ready",
      async () => (await readFile(path.join(home, "data/logs/worker_00.log"), "utf8")).includes('"worker started"'),
      120_000,
    );

    // Bytes after the last TIFF page make the content new: no result cache, a real OCR run.
    const tiff = Buffer.concat([await fixture("three-pages.tiff"), Buffer.from(randomUUID())]);
    const submitted = await client.postForm("/api/v1/jobs", fileForm(tiff, "three-pages.tiff"));
    expect(submitted.status).toBe(202);
    expect(submitted.body.job.cached).toBe(false);
    const jobId: string = submitted.body.job.id;
    await waitFor(
      "the job to be processing",
      async () => (await client.get(`/api/v1/jobs/${jobId}`)).body.job.status === "processing",
      120_000,
    );

    const killed = await workerPid();
    programPids.add(killed);
    process.kill(killed, "SIGKILL");
    const restarted = Number(
      await waitFor(
        "supervisord to restart the worker",
        async () => {
          const pid = await workerRunning();
          return pid && Number(pid) !== killed ? pid : undefined;
        },
        60_000,
      ),
    );
    programPids.add(restarted);
    expect(await readFile(path.join(home, "data/logs/supervisord.log"), "utf8")).toMatch(
      /exited: worker_00 \(terminated by SIGKILL; not expected\)/,
    );

    const done = await waitFor(
      "the job to finish",
      async () => {
        const { body } = await client.get(`/api/v1/jobs/${jobId}`);
        return ["completed", "failed", "cancelled"].includes(body.job.status) ? body.job : undefined;
      },
      170_000,
      500,
    );
    expect(done.status).toBe("completed");
    const text = (await client.get(`/api/v1/jobs/${jobId}/result?format=text`)).body as string;
    expect(characterErrorRate(expectedText["three-pages.tiff"].flat().join(" "), text)).toBeLessThan(0.05);
  }, 360_000);

  it("stops every program gracefully (exit status 0) on shutdown", async () => {
    for (const line of (await ctl("pid", "all")).split("\n")) if (Number(line) > 0) programPids.add(Number(line));
    supervisord!.child.kill("SIGTERM");
    expect(await waitForExit(supervisord!, 90_000)).toEqual({ code: 0, signal: null });
    const log = await readFile(path.join(home, "data/logs/supervisord.log"), "utf8");
    expect(log).toMatch(/stopped: api \(exit status 0\)/);
    expect(log).toMatch(/stopped: worker_00 \(exit status 0\)/);
  });
});
