import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForm, waitForJob, expectError, type ApiClient, apiClient, uniqueFixture } from "../support/http-client.ts";
import { startTestService, type TestService } from "../support/test-service.ts";

describe("when a completed job's result is fetched in each format", () => {
  let service: TestService;
  let client: ApiClient;
  let twoPages: any;
  let onePage: any;

  const complete = async (name: string, filename: string) => {
    const { body } = await client.postForm("/api/v1/jobs", fileForm(await uniqueFixture(name), filename));
    const job = await waitForJob(client, body.job.id);
    expect(job.status).toBe("completed");
    return job;
  };

  beforeAll(async () => {
    service = await startTestService({ withWorker: true });
    client = apiClient(service.baseUrl, (await service.createUser()).key);
    twoPages = await complete("two-pages.pdf", "report.pdf");
    onePage = await complete("page-eng.png", "letter.png");
  });
  afterAll(async () => service?.close());

  it("gives JSON by default, with pages, words and `cached`", async () => {
    const response = await client.get(`/api/v1/jobs/${twoPages.id}/result`);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.body).toMatchObject({ jobId: twoPages.id, pageCount: 2, cached: false, languages: ["eng"] });
    expect(response.body.pages[1].words[0]).toMatchObject({ text: expect.any(String), bbox: { x0: expect.any(Number) } });
  });

  it("gives plain text", async () => {
    const response = await client.get(`/api/v1/jobs/${onePage.id}/result?format=text`);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.body).toContain("quick brown fox");
  });

  it("gives Markdown with the metadata as front matter, titled by the file name, with a heading per page of a longer document", async () => {
    const response = await client.get(`/api/v1/jobs/${twoPages.id}/result?format=markdown`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const markdown: string = response.body;
    // The metadata's front matter first, then the title.
    expect(markdown).toMatch(/^---\nlanguage: [\s\S]*?\n---\n\n# report\.pdf\n\n## Page 1\n\n/);
    expect(markdown.indexOf("## Page 2")).toBeGreaterThan(markdown.indexOf("Page one of the scanned report"));
    expect(markdown).toContain("Page two of the scanned report");
  });

  it("gives one-page Markdown without page headings and keeps its paragraphs", async () => {
    const markdown: string = (await client.get(`/api/v1/jobs/${onePage.id}/result?format=markdown`)).body;
    expect(markdown).not.toContain("## Page");
    expect(markdown.split("\n\n").length).toBeGreaterThan(2);
    expect(markdown).toContain("quick brown fox");
  });

  it("gives a complete hOCR document joining every page, as a download that is not rendered", async () => {
    const response = await client.get(`/api/v1/jobs/${twoPages.id}/result?format=hocr`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/xhtml+xml; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${twoPages.id}.hocr"`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const hocr: string = response.body;
    expect(hocr.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(hocr.match(/class='ocr_page'/g)).toHaveLength(2);
    expect(hocr).toContain("id='page_2'");
    expect(hocr).toMatch(/class='ocrx_word' id='word_2_1'/);
    const ids = [...hocr.matchAll(/\bid='([^']+)'/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hocr.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("refuses an unknown format with 422, and any format while the job is not completed with 409", async () => {
    expectError(await client.get(`/api/v1/jobs/${onePage.id}/result?format=docx`), 422, "INVALID_OPTION");
    await service.db.job.update({ where: { id: onePage.id }, data: { status: "processing" } });
    for (const format of ["json", "text", "markdown", "hocr"]) {
      expectError(await client.get(`/api/v1/jobs/${onePage.id}/result?format=${format}`), 409, "CONFLICT");
    }
    await service.db.job.update({ where: { id: onePage.id }, data: { status: "completed" } });
  });
});
