import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

if (spawnSync("docker-compose", ["version"]).error) {
  throw new Error("docker-compose is not installed: apt-get install docker-compose (scripts/test.sh does it)");
}

// An empty env file and only PATH: a developer's .env or shell variables must not change what is checked.
const emptyEnvFile = path.join(mkdtempSync(path.join(tmpdir(), "ocrflow-compose-")), "empty.env");
writeFileSync(emptyEnvFile, "");
const composeEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const compose = (...args: string[]) =>
  run("docker-compose", ["--env-file", emptyEnvFile, "-f", "docker-compose.yml", ...args], { env: composeEnv });

type Service = {
  command?: string[];
  container_name?: string;
  ports?: unknown[];
  volumes?: { source?: string; target: string }[] | string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
};

/** The file as docker-compose resolves it (anchors merged, defaults filled), as JSON. */
async function resolvedCompose(): Promise<{ services: Record<string, Service>; volumes: Record<string, unknown> }> {
  const { stdout } = await compose("config");
  // PyYAML comes with docker-compose itself.
  const parse = spawnSync("python3", ["-c", "import sys, yaml, json; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"], {
    input: stdout,
    encoding: "utf8",
  });
  if (parse.status !== 0) throw new Error(`could not read docker-compose config output: ${parse.stderr}`);
  return JSON.parse(parse.stdout);
}

const seconds = (duration = "0s") => Number(/^(\d+)s$/.exec(duration)?.[1] ?? Number.NaN);
const mountsOf = (service: Service) =>
  // "source:target", without the ":rw" docker-compose adds.
  (service.volumes ?? []).map((volume) =>
    typeof volume === "string" ? volume.split(":").slice(0, 2).join(":") : `${volume.source}:${volume.target}`,
  );

describe("docker-compose.yml", () => {
  let services: Record<string, Service>;
  beforeAll(async () => {
    ({ services } = await resolvedCompose());
  });

  it("is valid for docker-compose", async () => {
    await expect(compose("config", "-q")).resolves.toMatchObject({ stderr: "" });
  });

  it("lets the workers scale: no container name, no host port", () => {
    expect(services.worker.container_name).toBeUndefined();
    expect(services.worker.ports).toBeUndefined();
  });

  it("keeps Redis on a volume with append-only persistence and no eviction", () => {
    const command = services.redis.command!.join(" ");
    expect(command).toContain("--appendonly yes");
    expect(command).toContain("--maxmemory-policy noeviction");
    expect(mountsOf(services.redis)).toContain("redis-data:/data");
    expect(services.redis.healthcheck!.test.join(" ")).toContain("redis-cli ping");
  });

  it("keeps PostgreSQL on a volume, with a health check", () => {
    expect(mountsOf(services.postgres)).toContain("postgres-data:/var/lib/postgresql/data");
    expect(services.postgres.healthcheck!.test.join(" ")).toContain("pg_isready");
  });

  it("shares the files volume between the API and the workers, where STORAGE_DIR points", () => {
    for (const name of ["api", "worker"]) {
      const service = services[name];
      expect(mountsOf(service)).toContain(`files:${service.environment!.STORAGE_DIR}`);
    }
  });

  it("starts the API and workers after the migrations ran and Redis and PostgreSQL are healthy", () => {
    for (const name of ["api", "worker"]) {
      expect(services[name].depends_on).toEqual({
        migrate: { condition: "service_completed_successfully" },
        redis: { condition: "service_healthy" },
        postgres: { condition: "service_healthy" },
      });
    }
    expect(services.migrate.command!.join(" ")).toContain("scripts/migrate.ts");
    expect(services.api.healthcheck!.test.join(" ")).toContain("/health/ready");
  });

  it("gives the API and workers more stop time than their own shutdown bounds", () => {
    expect(seconds(services.api.stop_grace_period)).toBeGreaterThan(18);
    expect(seconds(services.worker.stop_grace_period)).toBeGreaterThan(30);
  });

  it("runs entry points that exist, from an image built with the project's pnpm", () => {
    for (const name of ["migrate", "api", "worker"]) {
      const entry = services[name].command!.at(-1)!;
      expect(existsSync(entry), `${name}: ${entry}`).toBe(true);
    }
    const dockerfile = readFileSync("Dockerfile", "utf8");
    const { packageManager } = JSON.parse(readFileSync("package.json", "utf8"));
    expect(dockerfile).toContain(`npm install -g ${packageManager}`);
    expect(dockerfile).toContain("pnpm install --frozen-lockfile");
    const cmd = JSON.parse(/^CMD (.+)$/m.exec(dockerfile)![1]) as string[];
    expect(existsSync(cmd.at(-1)!)).toBe(true);
  });

  it("installs Debian's native tesseract with its models in the image, for the workers' OCR_ENGINE=auto", () => {
    const dockerfile = readFileSync("Dockerfile", "utf8");
    expect(dockerfile).toMatch(
      /apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-deu/,
    );
    expect(services.worker.environment!.OCR_ENGINE).toBe("auto");
  });
});
