// `pnpm screenshots`: runs the real service (as the bench does: API and one
// worker on loopback, a throw-away database), signs in with Debian's chromium,
// uploads the test fixtures and saves a picture of every screen of the web app
// in docs/screenshots/ (desktop and phone), for the README.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { startBenchService } from "../bench/lib/bench-service.ts";
import { launchBrowser } from "../tests/support/browser.ts";
import { FIXTURES_DIR } from "../tests/support/http-client.ts";

const OUT_DIR = path.resolve(import.meta.dirname, "../docs/screenshots");
const PHONE = { width: 390, height: 844 };

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}

async function signIn(page: Page, baseUrl: string, key: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Jobs" }).waitFor();
}

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const service = await startBenchService({
    workers: 1,
    workerConcurrency: 1,
    env: { ADMIN_USER: "operator", ADMIN_PASSWORD: "screenshots" },
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(`${service.baseUrl}/`);
    await page.getByLabel("API key").waitFor();
    await shoot(page, "sign-in");
    await signIn(page, service.baseUrl, service.key);

    await page.getByRole("link", { name: "Upload", exact: true }).click();
    const files = ["page-eng.png", "two-pages.pdf", "three-pages.tiff", "not-an-image.png"].map((name) => path.join(FIXTURES_DIR, name));
    await page.locator("#files").setInputFiles(files);
    await page.getByRole("button", { name: /Upload and read/ }).click();
    await page.getByRole("link", { name: /Follow the batch/ }).waitFor();
    await shoot(page, "upload");

    await page.getByRole("link", { name: /Follow the batch/ }).click();
    await page.locator("table.jobs tbody tr").first().waitFor();
    await shoot(page, "batch-running");
    await page.locator('.batch-summary progress[value="100"]').waitFor({ timeout: 300_000 });
    await shoot(page, "batch");

    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await page.locator("table.jobs tbody tr").first().waitFor();
    await shoot(page, "jobs");

    await page.getByRole("link", { name: "two-pages.pdf" }).first().click();
    await page.locator(".page-image rect.word").first().waitFor();
    await page.locator(".page-image rect.word").nth(8).hover();
    await shoot(page, "result");

    const phone = await browser.context.newPage();
    await phone.setViewportSize(PHONE);
    await phone.goto(`${service.baseUrl}/jobs`);
    await phone.locator("table.jobs tbody tr").first().waitFor();
    await shoot(phone, "phone-jobs");
    await phone.goto(page.url());
    await phone.locator(".page-image rect.word").first().waitFor();
    await shoot(phone, "phone-result");
  } finally {
    await browser.close();
    await service.close();
  }
}

await main();
