import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AxeViolation,
  launchBrowser,
  type PageProblems,
  seriousA11yViolations,
  type TestBrowser,
  watchPage,
} from "../support/browser.ts";
import { sharp } from "../../bench/lib/sharp.ts";
import { EngineProbe } from "../support/engine-probe.ts";
import { fixture, uniqueCopy } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";
import { waitFor } from "../support/wait-for.ts";

const ADMIN = { ADMIN_USER: "operator", ADMIN_PASSWORD: "correct horse battery" };

/** axe-core on the screen as it is now: no serious or critical violation. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations: AxeViolation[] = await seriousA11yViolations(page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** The share of a screenshot's pixels dark enough to be ink. */
async function inkShare(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (const value of data) if (value < 128) dark += 1;
  return dark / (info.width * info.height);
}

/** Presses Tab until the focused element's text or label matches, as a keyboard user would. */
async function tabTo(page: Page, name: RegExp, most = 30): Promise<void> {
  for (let presses = 0; presses < most; presses += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return `${element?.getAttribute("aria-label") ?? ""} ${element?.textContent ?? ""}`.trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe("the web app in a real browser (Debian's chromium)", () => {
  const probe = new EngineProbe();
  let service: TestService;
  let key: string;
  let browser: TestBrowser;
  let page: Page;
  let problems: PageProblems;
  let filesDir: string;
  /** The result screen the test opened, to look at again on a phone. */
  let resultPath = "/jobs";
  /** Fixtures as new content, so neither dedup nor the result cache answers for them. */
  const freshFile = async (name: string, as = name) => {
    const file = path.join(filesDir, as);
    await writeFile(file, uniqueCopy(await fixture(name)));
    return file;
  };

  beforeAll(async () => {
    service = await startTestService({
      withWorker: true,
      worker: { wrapEngine: probe.wrap },
      webDistDir: inject("webDistDir"),
      env: { ...ADMIN, MAX_FILE_SIZE_MB: "1" },
    });
    key = (await service.createUser("alice")).key;
    filesDir = await mkdtemp(path.join(tmpdir(), "ocrflow-browser-files-"));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    problems = await watchPage(page, service.baseUrl);
  });
  afterAll(async () => {
    probe.reset();
    await browser?.close();
    await service?.close();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  it("asks for an API key, refuses a wrong one, and signs in with the keyboard alone, keeping the key out of the page", async () => {
    await page.goto(`${service.baseUrl}/`);
    await page.waitForURL(/\/sign-in$/);
    await expectAccessible(page, "sign-in");
    await page.keyboard.type("ofk_not-a-real-key");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/not valid/);
    await page.getByLabel("API key").fill("");
    await page.keyboard.type(key);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Jobs" }).waitFor();
    expect(page.url()).toBe(`${service.baseUrl}/jobs`);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toContain(key);
    expect(stored).not.toContain("ocrflow_session");
    const [cookie] = await browser.context.cookies(service.baseUrl);
    expect(cookie).toMatchObject({ name: "ocrflow_session", httpOnly: true, sameSite: "Strict", path: "/" });
    await expectAccessible(page, "jobs (empty)");
  });

  it("offers the Bull Board link, the board being on", async () => {
    await expect(page.getByRole("link", { name: "Queues (admin)" }).getAttribute("href")).resolves.toBe("/admin/queues");
  });

  it("uploads a PDF and an image with a progress bar each, then follows their batch live up to 100", async () => {
    await tabTo(page, /^Upload$/);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Upload" }).waitFor();
    await expectAccessible(page, "upload");
    await page
      .locator("#files")
      .setInputFiles([await freshFile("two-pages.pdf", "report.pdf"), await freshFile("page-eng.png", "letter.png")]);
    await page.getByRole("button", { name: "Upload and read 2 files" }).click();
    for (const name of ["report.pdf", "letter.png"]) {
      await page
        .getByRole("progressbar", { name: `Upload of ${name}` })
        .and(page.locator('[value="100"]'))
        .waitFor();
    }
    await page.getByRole("link", { name: "Follow the batch of 2 files" }).click();
    await page.getByRole("heading", { name: "Batch" }).waitFor();
    await expectAccessible(page, "batch");
    // No reload from here on: the numbers move through the event stream.
    await page.locator('.batch-summary progress[value="100"]').waitFor({ timeout: 150_000 });
    for (const name of ["report.pdf", "letter.png"]) {
      await page
        .getByRole("progressbar", { name: `Progress of ${name}` })
        .and(page.locator('[value="100"]'))
        .waitFor();
    }
    await expect(page.locator(".batch-summary .counts").textContent()).resolves.toContain("2 completed");
    await expectAccessible(page, "batch (done)");
  });

  it("opens a result with the page beside its text, each word box where its word's bbox falls on the drawn page", async () => {
    await page.getByRole("link", { name: "letter.png" }).click();
    await page.getByRole("heading", { name: "letter.png" }).waitFor();
    const boxes = page.locator(".page-image rect.word");
    await boxes.first().waitFor();
    const jobId = page.url().split("/").at(-1)!;
    resultPath = new URL(page.url()).pathname;
    const { page: result } = await page.evaluate((id) => fetch(`/api/v1/jobs/${id}/pages/1`).then((r) => r.json()), jobId);
    expect(await boxes.count()).toBe(result.words.length);
    const drawn = (await page.locator(".page-image").boundingBox())!;
    const scale = drawn.width / result.width;
    expect(drawn.height / result.height).toBeCloseTo(scale, 3);
    const index = result.words.findIndex((word: any) => word.text === "quick");
    expect(index).toBeGreaterThanOrEqual(0);
    const { x0, y0, x1, y1 } = result.words[index].bbox;
    const box = (await boxes.nth(index).boundingBox())!;
    expect(Math.abs(box.x - (drawn.x + x0 * scale))).toBeLessThan(1.5);
    expect(Math.abs(box.y - (drawn.y + y0 * scale))).toBeLessThan(1.5);
    expect(Math.abs(box.width - (x1 - x0) * scale)).toBeLessThan(1.5);
    expect(Math.abs(box.height - (y1 - y0) * scale)).toBeLessThan(1.5);
    await expectAccessible(page, "result");

    // On the page image itself: the box covers ink, and a box as large in the top margin (above every word) covers none.
    await page.waitForFunction(() => (document.querySelector(".page-image img") as HTMLImageElement | null)?.complete);
    await page.locator(".page-image svg").evaluate((svg) => {
      (svg as SVGElement).style.visibility = "hidden";
    });
    const topOfText = Math.min(...result.words.map((word: any) => word.bbox.y0)) * scale;
    const margin = { ...box, y: drawn.y + topOfText / 2 - box.height / 2 };
    expect(topOfText / 2 - box.height / 2).toBeGreaterThan(0);
    expect(await inkShare(await page.screenshot({ clip: box }))).toBeGreaterThan(0.05);
    expect(await inkShare(await page.screenshot({ clip: margin }))).toBeLessThan(0.005);
    await page.locator(".page-image svg").evaluate((svg) => {
      (svg as SVGElement).style.visibility = "";
    });

    // Hover the box: its word is marked in the text; hover a word in the text: its box is marked.
    await boxes.nth(index).hover();
    await expect(page.locator(`.page-text [data-word="${index}"]`).getAttribute("class")).resolves.toContain("active");
    const other = result.words.findIndex((word: any) => word.text === "zebras");
    await page.locator(`.page-text [data-word="${other}"]`).hover();
    await expect(boxes.nth(other).getAttribute("class")).resolves.toContain("active");
    await expect(page.locator(".word-status").textContent()).resolves.toContain("zebras");
  });

  it("walks the words of the page with the arrow keys", async () => {
    await page.mouse.move(0, 0);
    await tabTo(page, /arrow keys move from word to word/);
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await expect(page.locator(".word-status").textContent()).resolves.toContain("quick");
    await expect(page.locator(".page-image rect.word.active").count()).resolves.toBe(1);
  });

  it("downloads the result in each format the API offers", async () => {
    const { resultFormats } = await page.evaluate(() => fetch("/api/v1/capabilities").then((r) => r.json()));
    const links = page.getByRole("list", { name: "Downloads" }).getByRole("link");
    expect(await links.count()).toBe(resultFormats.length);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Text", exact: true }).click()]);
    expect(download.suggestedFilename()).toBe("letter.txt");
    expect(await readFile((await download.path())!, "utf8")).toContain("The quick brown fox");
  });

  it("cancels a job while a worker reads it", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first page is read, the second waits: the job is running when Cancel is pressed.
    probe.reset((call) => (call >= 2 ? held : undefined));
    try {
      await page.getByRole("link", { name: "Upload", exact: true }).click();
      await page.locator("#files").setInputFiles([await freshFile("three-pages.tiff", "scan.tiff")]);
      await page.getByRole("button", { name: "Upload and read 1 file" }).click();
      await page.getByRole("link", { name: "Follow the job" }).click();
      await page.getByText("Reading", { exact: true }).waitFor({ timeout: 120_000 });
      await page.getByRole("progressbar", { name: "Progress of this job" }).and(page.locator('[value="33"]')).waitFor({ timeout: 120_000 });
      await expectAccessible(page, "job (reading)");
      await page.getByRole("button", { name: "Cancel scan.tiff" }).click();
      await page.getByText("Cancelled", { exact: true }).waitFor();
      const jobId = page.url().split("/").at(-1)!;
      expect((await service.db.job.findUnique({ where: { id: jobId } }))?.status).toBe("cancelled");
      await expect(page.getByRole("button", { name: "Retry scan.tiff" }).isVisible()).resolves.toBe(true);
    } finally {
      release();
      probe.reset();
    }
  });

  it("refuses a file that is no image or PDF, and one over the size limit, saying why next to each", async () => {
    await page.getByRole("link", { name: "Upload", exact: true }).click();
    const big = path.join(filesDir, "huge.png");
    await writeFile(big, Buffer.alloc(1.5 * 1024 * 1024, 1));
    await page.locator("#files").setInputFiles([await freshFile("not-an-image.png", "fake.png"), big]);
    await expect(page.locator('[data-file="huge.png"]').textContent()).resolves.toContain("too big: the server takes files up to 1 MB");
    await page.getByRole("button", { name: "Upload and read 1 file" }).click();
    await page.locator('[data-file="fake.png"]').getByText("not a file ocrflow reads").waitFor();
    await expect(page.getByRole("link", { name: /Follow the/ }).count()).resolves.toBe(0);
    await expectAccessible(page, "upload (refused)");
  });

  it("filters the jobs by status", async () => {
    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await page.locator("table.jobs tbody tr").first().waitFor();
    expect(await page.locator("table.jobs tbody tr").count()).toBe(3);
    await page.getByLabel("Status").selectOption("cancelled");
    await page.waitForURL(/status=cancelled/);
    await waitFor("one cancelled job listed", async () => (await page.locator("table.jobs tbody tr").count()) === 1);
    await expect(page.locator("table.jobs tbody tr").getAttribute("data-status")).resolves.toBe("cancelled");
    await expectAccessible(page, "jobs (filtered)");
  });

  it("fits a phone's screen: no sideways scrolling, every screen accessible", async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const route of ["/jobs", "/upload", resultPath]) {
      await phone.goto(`${service.baseUrl}${route}`);
      await phone.locator("main h1").waitFor();
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, route).toBeLessThanOrEqual(0);
      await expectAccessible(phone, `phone ${route}`);
    }
    await phone.close();
  });

  it("signs out: back to the sign-in screen, the cookie gone, the old session refused", async () => {
    const [cookie] = await browser.context.cookies(service.baseUrl);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API key").waitFor();
    expect(await browser.context.cookies(service.baseUrl)).toEqual([]);
    const stale = await fetch(`${service.baseUrl}/api/v1/jobs`, { headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
    expect(stale.status).toBe(401);
  });

  it("loaded nothing from outside the server and broke no content security rule", () => {
    expect(problems.outsideRequests).toEqual([]);
    // Failed requests (the 401 before sign-in, the refused uploads) are logged too; those are expected.
    expect(problems.consoleErrors.filter((message) => !message.startsWith("Failed to load resource"))).toEqual([]);
  });
});
