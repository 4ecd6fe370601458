import { describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";

describe("the ocrflow command line", () => {
  it("prints every command with `help`, and exits 0", async () => {
    const run = await runCli(["help"]);
    expect(run.code).toBe(0);
    for (const command of ["keys create --name NAME", "keys list", "keys revoke ID|PREFIX", "jobs submit FILE"]) {
      expect(run.stdout).toContain(command);
    }
  });

  it("exits 2 with the usage on stderr when no command is given", async () => {
    const run = await runCli([]);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toContain("usage: pnpm ocrflow <command>");
  });

  it("exits 2 naming an unknown command", async () => {
    const run = await runCli(["keys", "rotate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown command: keys rotate");
  });
});
