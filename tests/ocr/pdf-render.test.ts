import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sharp } from "../../bench/lib/sharp.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPdfRenderer } from "../../apps/worker/src/ocr/pdf-render-process.ts";
import { rasterizePdf } from "../../apps/worker/src/ocr/rasterize-pdf.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/recognize-text.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import type { OcrEngine, PageImage, PageSource } from "../../apps/worker/src/ocr/types.ts";
import { waitFor } from "../support/wait-for.ts";
import { fixturePath } from "./ocr-fixtures.ts";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Renderer processes this test process has started and not yet reaped. */
function rendererPids(): number[] {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("pdf-render-child.mjs");
    } catch {
      return false;
    }
  });
}

/** Whether a process runs: a zombie (exited, not yet reaped by whoever adopted it) does not. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

async function collect(source: PageSource): Promise<PageImage[]> {
  const pages: PageImage[] = [];
  for await (const page of source.pages) pages.push(page);
  return pages;
}

describe("the PDF renderer process", { timeout: 60_000 }, () => {
  let scratchDir: string;
  let engine: OcrEngine;

  beforeAll(async () => {
    scratchDir = await mkdtemp(path.join(tmpdir(), "ocrflow-pdf-render-"));
    engine = createOcrEngine({ concurrency: 1 });
  });

  afterAll(async () => {
    await engine?.terminate();
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  });

  describe("when every page is read", () => {
    it("gives the pages in order, each as a PNG, and then stops", async () => {
      const source = await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 1 });
      expect(rendererPids()).toHaveLength(1);
      const pages = await collect(source);
      expect(source.pageCount).toBe(2);
      expect(pages.map((page) => page.page)).toEqual([1, 2]);
      for (const { image } of pages) expect(image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(rendererPids()).toEqual([]);
    });

    it("gives a page without colour as an 8-bit greyscale PNG, which costs less to encode and decode", async () => {
      const [first] = await collect(await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 1 }));
      const metadata = await sharp(first!.image).metadata();
      expect(metadata).toMatchObject({ format: "png", channels: 1, depth: "uchar", hasAlpha: false });
    });

    it("renders only from startPage on, counting the whole document", async () => {
      const source = await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 1, startPage: 2 });
      const pages = await collect(source);
      expect(source.pageCount).toBe(2);
      expect(pages.map((page) => page.page)).toEqual([2]);
      expect(rendererPids()).toEqual([]);
    });
  });

  describe("when the renderer is asked for pages one by one", () => {
    it("renders the same page the same way every time it is asked", async () => {
      const renderer = await openPdfRenderer(fixturePath("two-pages.pdf"), { scale: 1, maxPagePixels: Number.POSITIVE_INFINITY });
      try {
        const second = await renderer.renderPage(2);
        const first = await renderer.renderPage(1);
        expect(await renderer.renderPage(2)).toEqual(second);
        expect(first).not.toEqual(second);
      } finally {
        await renderer.close();
      }
      expect(renderer.closed).toBe(true);
      expect(isRunning(renderer.pid)).toBe(false);
    });
  });

  describe("when the document cannot be rendered", () => {
    it.each(["encrypted.pdf", "encrypted-rc4.pdf", "encrypted-aes128.pdf"])(
      "refuses %s, which needs a password, with PASSWORD_PROTECTED and leaves no renderer behind",
      async (name) => {
        await expect(rasterizePdf(fixturePath(name))).rejects.toMatchObject({ code: "PASSWORD_PROTECTED", retryable: false });
        expect(rendererPids()).toEqual([]);
      },
    );

    it("reads a PDF with an owner password only, which needs none to open", async () => {
      const source = await rasterizePdf(fixturePath("owner-password.pdf"), { scale: 1 });
      expect(await collect(source)).toHaveLength(1);
    });

    it("refuses a file that is no PDF with CORRUPT_FILE and leaves no renderer behind", async () => {
      const broken = path.join(scratchDir, "broken.pdf");
      await writeFile(broken, "%PDF-1.7\nthis is not a PDF body\n");
      await expect(rasterizePdf(broken)).rejects.toMatchObject({ code: "CORRUPT_FILE", retryable: false });
      expect(rendererPids()).toEqual([]);
    });

    it("refuses a page too large to render with TOO_MANY_PIXELS and stops the renderer", async () => {
      const source = await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 2, maxPagePixels: 200_000 });
      await expect(collect(source)).rejects.toMatchObject({ code: "TOO_MANY_PIXELS", message: expect.stringContaining("Page 1") });
      expect(rendererPids()).toEqual([]);
    });

    it("fails with the file-system error when the file is missing", async () => {
      await expect(rasterizePdf(path.join(scratchDir, "missing.pdf"))).rejects.toMatchObject({ code: "ENOENT" });
      expect(rendererPids()).toEqual([]);
    });
  });

  describe("when the reader stops early", () => {
    it("stops the renderer when the reader leaves after the first page", async () => {
      const source = await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 1 });
      for await (const page of source.pages) {
        expect(page.page).toBe(1);
        break;
      }
      expect(rendererPids()).toEqual([]);
    });

    it("stops the renderer when an OCR job is aborted after its first page", async () => {
      const controller = new AbortController();
      const run = runOcr({
        filePath: fixturePath("two-pages.pdf"),
        mimeType: "application/pdf",
        languages: ["eng"],
        engine,
        pdfScale: 1,
        signal: controller.signal,
        onPage: () => controller.abort(new Error("job cancelled")),
      });
      await expect(run).rejects.toThrow("job cancelled");
      expect(rendererPids()).toEqual([]);
    });

    it("stops the renderer of pages nobody starts to read, and reopens it when they are read after all", async () => {
      const source = await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 1, unreadCloseMs: 50 });
      await waitFor("the unread source's renderer to stop", () => rendererPids().length === 0, 10_000, 50);
      expect((await collect(source)).map((page) => page.page)).toEqual([1, 2]);
      expect(rendererPids()).toEqual([]);
    });

    it("fails a page asked of a closed renderer as a retryable engine failure", async () => {
      const renderer = await openPdfRenderer(fixturePath("two-pages.pdf"), { scale: 1, maxPagePixels: Number.POSITIVE_INFINITY });
      await renderer.close();
      await expect(renderer.renderPage(1)).rejects.toMatchObject({ code: "OCR_ENGINE_FAILED", retryable: true });
    });
  });

  describe("when the worker process dies", () => {
    it("the renderer it started exits too", async () => {
      const script = [
        'const { openPdfRenderer } = await import("./apps/worker/src/ocr/pdf-render-process.ts");',
        `const renderer = await openPdfRenderer(${JSON.stringify(fixturePath("two-pages.pdf"))}, { scale: 1, maxPagePixels: Infinity });`,
        "console.log(renderer.pid);",
        "setInterval(() => undefined, 1000);",
      ].join("\n");
      const holder = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let output = "";
      holder.stdout.on("data", (chunk) => (output += chunk));
      const rendererPid = Number(await waitFor("the renderer's pid", () => /^\d+$/m.exec(output)?.[0], 30_000));
      expect(isRunning(rendererPid)).toBe(true);
      holder.kill("SIGKILL");
      await waitFor("the orphaned renderer to exit", () => !isRunning(rendererPid), 10_000, 50);
    });
  });
});
