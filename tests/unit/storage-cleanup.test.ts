import { describe, expect, it } from "vitest";
import { isAbandonedTempFile, TEMP_FILE_MAX_AGE_MS } from "../../apps/api/src/storage-cleanup/is-abandoned-temp-file.ts";
import { tempFileWriterOf, type TempFileWriter } from "../../packages/shared/src/storage.ts";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const self: TempFileWriter = { host: "nas", pid: 4242, run: "0a1b2c3d" };
const alive = new Set([4242, 777]);
const check = { self, now: NOW, isPidAlive: (pid: number) => alive.has(pid) };
const entry = (writer: TempFileWriter | undefined, ageMs = 1_000) => ({ path: "/x/.tmp/y.part", writer, mtimeMs: NOW - ageMs });

describe("which temp uploads the clean-up removes", () => {
  it("removes at once one written on this host by a process that is gone", () => {
    expect(isAbandonedTempFile(entry({ host: "nas", pid: 999, run: "11111111" }), check)).toBe(true);
  });

  it("removes at once one of an earlier run that had this process's pid", () => {
    expect(isAbandonedTempFile(entry({ ...self, run: "ffffffff" }), check)).toBe(true);
  });

  it("keeps this process's own uploads and those of another live process on this host", () => {
    expect(isAbandonedTempFile(entry(self), check)).toBe(false);
    expect(isAbandonedTempFile(entry({ host: "nas", pid: 777, run: "22222222" }), check)).toBe(false);
  });

  it("keeps another host's upload (it may be in progress) until it is older than the margin", () => {
    const other = { host: "other-host", pid: 999, run: "33333333" };
    expect(isAbandonedTempFile(entry(other, TEMP_FILE_MAX_AGE_MS - 1_000), check)).toBe(false);
    expect(isAbandonedTempFile(entry(other, TEMP_FILE_MAX_AGE_MS + 1_000), check)).toBe(true);
  });

  it("treats a name it does not recognise as another host's", () => {
    expect(isAbandonedTempFile(entry(undefined), check)).toBe(false);
    expect(isAbandonedTempFile(entry(undefined, TEMP_FILE_MAX_AGE_MS + 1), check)).toBe(true);
  });
});

describe("temp upload names", () => {
  it("record the writer's host, pid and run", () => {
    expect(tempFileWriterOf("nas.local~4242~0a1b2c3d~7b1a5dba-df24-419a-b80d-2d714967257d.part")).toEqual({
      host: "nas.local",
      pid: 4242,
      run: "0a1b2c3d",
    });
  });

  it("are not read from any other name", () => {
    expect(tempFileWriterOf("7b1a5dba-df24-419a-b80d-2d714967257d.part")).toBeUndefined();
    expect(tempFileWriterOf("../etc~1~0a1b2c3d~7b1a5dba-df24-419a-b80d-2d714967257d.part")).toBeUndefined();
  });
});
