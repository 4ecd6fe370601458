import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's chromium (apt-get install chromium); never a browser download. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// Headless, with nothing reaching out: this machine has no network beyond loopback.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface TestBrowser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Chromium with a fresh profile of its own (removed on close). */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "ocrflow-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did that it must not: console errors (CSP refusals among them), and requests leaving the server. */
export interface PageProblems {
  consoleErrors: string[];
  outsideRequests: string[];
}

/** Records a page's console errors and every request to another origin than `baseUrl` (which is blocked). */
export async function watchPage(page: Page, baseUrl: string): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], outsideRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.consoleErrors.push(error.message));
  const origin = new URL(baseUrl).origin;
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    problems.outsideRequests.push(url);
    return route.abort();
  });
  return problems;
}

const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page and returns its serious and critical
 * violations. axe is evaluated through the browser's debugging protocol,
 * which the page's CSP does not govern: the page keeps its real policy.
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const source = await AXE_SOURCE;
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node: any) => node.target.join(" ")),
    }));
  });
  return (violations as AxeViolation[]).filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}
