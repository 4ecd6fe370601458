import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sharp } from "../../bench/lib/sharp.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPdfRenderer } from "../../apps/worker/src/ocr/pdf/pdf-render-process.ts";
import { rasterizePdf } from "../../apps/worker/src/ocr/pdf/rasterize-pdf.ts";
import { createOcrEngine } from "../../apps/worker/src/ocr/engine/tesseract-js-engine.ts";
import { runOcr } from "../../apps/worker/src/ocr/run-ocr.ts";
import { readPages } from "../../apps/worker/src/ocr/pages/read-pages.ts";
import type { OcrEngine, PageImage, PageSource } from "../../apps/worker/src/ocr/types.ts";
import { waitFor } from "../support/wait-for.ts";
import { fixturePath } from "./ocr-fixtures.ts";
import { scannedPage, type TestPdfPage, writeTestPdf } from "./scan-pdf-pages.ts";

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

/** Each rendered page's pixel size and the resolution recorded in its PNG. */
async function renderedSizes(source: PageSource): Promise<{ width?: number; height?: number; density?: number }[]> {
  const pages = await collect(source);
  return Promise.all(pages.map(async ({ image }) => pick(await sharp(image).metadata())));
}

function pick({ width, height, density }: { width?: number; height?: number; density?: number }) {
  return { width, height, density };
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

  describe("when no render scale is set", () => {
    async function renderTestPdf(name: string, pages: TestPdfPage[], options: { maxPagePixels?: number } = {}) {
      const file = path.join(scratchDir, name);
      await writeFile(file, writeTestPdf(pages));
      return rasterizePdf(file, options);
    }

    it("renders a page scanned at 300 dpi at 300 dpi, pixel for pixel, and records that resolution", async () => {
      const source = await renderTestPdf("scan-300.pdf", [scannedPage(300)]);
      expect(await renderedSizes(source)).toEqual([{ width: 1200, height: 900, density: 300 }]);
    });

    it("renders the 300 dpi scans of a fixture made by img2pdf at 300 dpi", async () => {
      const sizes = await renderedSizes(await rasterizePdf(fixturePath("two-pages.pdf")));
      expect(sizes).toEqual([
        { width: 2480, height: 700, density: 300 },
        { width: 2480, height: 700, density: 300 },
      ]);
    });

    it("renders a page scanned at 600 dpi at 300 dpi, the most a page is rendered at", async () => {
      const source = await renderTestPdf("scan-600.pdf", [scannedPage(600)]);
      expect(await renderedSizes(source)).toEqual([{ width: 1200, height: 900, density: 300 }]);
    });

    it("renders a page scanned at 150 dpi at 216 dpi, which preprocessing does not scale up again", async () => {
      const source = await renderTestPdf("scan-150.pdf", [scannedPage(150)]);
      expect(await renderedSizes(source)).toEqual([{ width: 864, height: 648, density: 216 }]);
    });

    it("renders a page scanned at 250 dpi at 250 dpi", async () => {
      const source = await renderTestPdf("scan-250.pdf", [scannedPage(250, { width: 4, height: 2 })]);
      expect(await renderedSizes(source)).toEqual([{ width: 1000, height: 500, density: 250 }]);
    });

    it("renders a page of text at 216 dpi", async () => {
      const source = await renderTestPdf("text.pdf", [{ inches: { width: 4, height: 3 }, text: "Born-digital text" }]);
      expect(await renderedSizes(source)).toEqual([{ width: 864, height: 648, density: 216 }]);
    });

    it("renders a page of text with a 600 dpi logo over less than half of it at 216 dpi", async () => {
      const logo = { pixels: { width: 1200, height: 1200 }, drawn: { x: 0.5, y: 0.5, width: 2, height: 2 } };
      const source = await renderTestPdf("logo.pdf", [{ inches: { width: 4, height: 3 }, image: logo, text: "Letterhead" }]);
      expect(await renderedSizes(source)).toEqual([{ width: 864, height: 648, density: 216 }]);
    });

    it("chooses each page's scale on its own", async () => {
      const source = await renderTestPdf("mixed.pdf", [
        scannedPage(300),
        { inches: { width: 4, height: 3 }, text: "Cover note" },
        scannedPage(600),
      ]);
      expect(await renderedSizes(source)).toEqual([
        { width: 1200, height: 900, density: 300 },
        { width: 864, height: 648, density: 216 },
        { width: 1200, height: 900, density: 300 },
      ]);
    });

    it("renders a scan that would pass the pixel limit at 300 dpi at the finest resolution within it", async () => {
      // 4 x 3 inches: 1,080,000 pixels at 300 dpi, 559,872 at 216 dpi.
      const source = await renderTestPdf("scan-limited.pdf", [scannedPage(300)], { maxPagePixels: 800_000 });
      const [page] = await renderedSizes(source);
      expect(page!.width! * page!.height!).toBeLessThanOrEqual(800_000);
      expect(page!.width!).toBeGreaterThan(1000);
      // The resolution recorded is the one rendered at: the page is 4 inches wide.
      expect(Math.abs(page!.density! - page!.width! / 4)).toBeLessThan(1);
    });

    it("refuses a scanned page whose image cannot be decoded with CORRUPT_FILE", async () => {
      const damaged = { ...scannedPage(300), image: { pixels: { width: 1200, height: 900 }, damaged: true } };
      const source = await renderTestPdf("scan-damaged.pdf", [damaged]);
      await expect(collect(source)).rejects.toMatchObject({ code: "CORRUPT_FILE", message: expect.stringContaining("page 1") });
      expect(rendererPids()).toEqual([]);
    });

    it("renders a scan that would pass the pixel limit even at 216 dpi coarser, down to 150 dpi", async () => {
      // 4 x 3 inches: 559,872 pixels at 216 dpi; 500,000 fit at 204 dpi.
      const source = await renderTestPdf("scan-limited-216.pdf", [scannedPage(300)], { maxPagePixels: 500_000 });
      const [page] = await renderedSizes(source);
      expect(page!.width! * page!.height!).toBeLessThanOrEqual(500_000);
      expect(page!.density!).toBeGreaterThanOrEqual(200);
      expect(page!.density!).toBeLessThan(216);
    });

    it("refuses a scan with TOO_MANY_PIXELS when even 150 dpi passes the pixel limit, naming its size at 150 dpi", async () => {
      // 4 x 3 inches at 150 dpi: 600 x 450 = 270,000 pixels.
      const source = await renderTestPdf("scan-too-large.pdf", [scannedPage(300)], { maxPagePixels: 250_000 });
      await expect(collect(source)).rejects.toMatchObject({
        code: "TOO_MANY_PIXELS",
        message: expect.stringContaining("Page 1 is 600 x 450"),
      });
      expect(rendererPids()).toEqual([]);
    });

    it("renders a poster's coarse scan (25 x 50 inches, 80 dpi, 8 MP) at its own resolution, raised only to 4200 pixels high", async () => {
      const source = await renderTestPdf("poster.pdf", [scannedPage(80, { width: 25, height: 50 })], { maxPagePixels: 20_000_000 });
      expect(await renderedSizes(source)).toEqual([{ width: 2100, height: 4200, density: 84 }]);
    });

    it("renders a poster whose scan fits the pixel limit below 150 dpi rather than refusing it", async () => {
      const source = await renderTestPdf("poster-limited.pdf", [scannedPage(80, { width: 25, height: 50 })], { maxPagePixels: 8_500_000 });
      const [page] = await renderedSizes(source);
      expect(page!.width! * page!.height!).toBeLessThanOrEqual(8_500_000);
      expect(page!.width!).toBeGreaterThanOrEqual(2000);
    });

    it("refuses a poster with TOO_MANY_PIXELS when its scan itself passes the pixel limit", async () => {
      const source = await renderTestPdf("poster-too-large.pdf", [scannedPage(80, { width: 25, height: 50 })], {
        maxPagePixels: 7_000_000,
      });
      await expect(collect(source)).rejects.toMatchObject({
        code: "TOO_MANY_PIXELS",
        message: expect.stringContaining("Page 1 is 2000 x 4000"),
      });
    });

    it("renders every page at PDF_RENDER_SCALE when it is set (the worker's pdfScale)", async () => {
      const file = path.join(scratchDir, "scan-fixed.pdf");
      await writeFile(file, writeTestPdf([scannedPage(300), { inches: { width: 4, height: 3 }, text: "Cover note" }]));
      const sizes = await renderedSizes(await readPages(file, "application/pdf", { pdfScale: 2 }));
      expect(sizes).toEqual([
        { width: 576, height: 432, density: 144 },
        { width: 576, height: 432, density: 144 },
      ]);
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

    it("renders a page past the pixel limit at a set scale coarser, down to 150 dpi", async () => {
      // 8.27 x 2.33 inches: 2480 x 700 pixels at 300 dpi; 1,000,000 fit at 227 dpi (1880 wide).
      const sizes = await renderedSizes(await rasterizePdf(fixturePath("two-pages.pdf"), { scale: 300 / 72, maxPagePixels: 1_000_000 }));
      for (const page of sizes) {
        expect(page.width! * page.height!).toBeLessThanOrEqual(1_000_000);
        expect(page.width!).toBeGreaterThan(1850);
      }
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
        'const { openPdfRenderer } = await import("./apps/worker/src/ocr/pdf/pdf-render-process.ts");',
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
