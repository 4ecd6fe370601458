import type { Corpus, CorpusDocument } from "../corpus/make-corpus.ts";
import { createClient, waitForJob } from "../lib/api-client.ts";
import { cpuSeconds, startBenchService } from "../lib/bench-service.ts";
import { characterErrorRate, wordErrorRate } from "../lib/error-rates.ts";
import { type Latency, measureLatency } from "../lib/latency.ts";
import { runPool } from "../lib/run-pool.ts";

export type OcrRun = {
  seconds: number;
  pages: number;
  /** Text of each page by document name, as the API returns it. */
  pageTexts: Map<string, string[]>;
  failed: string[];
  getJobUnderLoad: Latency;
  cachedMs: number[];
  cachedFlags: boolean[];
  /** Cores the worker process kept busy on average while the corpus ran. */
  workerCores?: number;
  /** CPU time of the worker process (all threads) over the run. */
  workerCpuSeconds?: number;
};

/**
 * ocrflow end to end: one worker process with `concurrency` OCR threads, every
 * corpus file uploaded and submitted over HTTP (multipart POST /api/v1/jobs),
 * timed until the last job completes. While the workers are busy, GET job is
 * hit at a fixed rate; afterwards identical content is submitted again.
 */
export async function measureOcr(corpus: Corpus, concurrency: number, env: Record<string, string> = {}): Promise<OcrRun> {
  // tesseract.js unless told otherwise: OCR_ENGINE=auto would pick native tesseract where it is installed (see the native section).
  const service = await startBenchService({ workers: 1, workerConcurrency: concurrency, env: { OCR_ENGINE: "tesseract.js", ...env } });
  try {
    const client = createClient(service.baseUrl, service.key);
    const cpuBefore = await cpuSeconds(service.workerPids[0]!);
    const started = performance.now();
    const submitted = await runPool(corpus.documents, 4, async (document) => {
      const { status, body } = await client.uploadPath("/api/v1/jobs", document.file, { languages: "eng" });
      if (status !== 202) throw new Error(`submit ${document.name}: ${status} ${JSON.stringify(body)}`);
      return body.job.id as string;
    });
    // GET job of a job being worked on, at 20 requests/s, while both OCR threads are busy.
    const probe = measureLatency({
      url: `${service.baseUrl}/api/v1/jobs/${submitted.at(-1)}`,
      headers: client.headers,
      rate: 20,
      seconds: 8,
    });
    const jobs: { id: string; status: string; error?: { code: string } }[] = [];
    for (const id of submitted) jobs.push(await waitForJob(client, id, { intervalMs: 200 }));
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = await cpuSeconds(service.workerPids[0]!);
    const workerCpuSeconds = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    const workerCores = workerCpuSeconds === undefined ? undefined : workerCpuSeconds / seconds;
    const getJobUnderLoad = await probe;

    const pageTexts = new Map<string, string[]>();
    const failed: string[] = [];
    await runPool(corpus.documents, 4, async (document) => {
      const job = jobs[corpus.documents.indexOf(document)];
      if (job.status !== "completed") {
        failed.push(`${document.name}: ${job.status} ${job.error?.code ?? ""}`);
        return;
      }
      const { body } = await client.get(`/api/v1/jobs/${job.id}/result`);
      pageTexts.set(
        document.name,
        body.pages.map((page: { text: string }) => page.text),
      );
    });

    const cachedMs: number[] = [];
    const cachedFlags: boolean[] = [];
    for (const document of corpus.documents.slice(0, 5)) {
      const again = performance.now();
      const { body } = await client.uploadPath("/api/v1/jobs", document.file, { languages: "eng" });
      const job = await waitForJob(client, body.job.id, { intervalMs: 2 });
      const result = await client.get(`/api/v1/jobs/${job.id}/result?format=text`);
      if (result.status !== 200) throw new Error(`cached result: ${result.status}`);
      cachedMs.push(performance.now() - again);
      cachedFlags.push(job.cached === true);
    }
    const pages = corpus.documents.reduce((sum, document) => sum + document.expected.length, 0);
    return { seconds, pages, pageTexts, failed, getJobUnderLoad, cachedMs, cachedFlags, workerCores, workerCpuSeconds };
  } finally {
    await service.close();
  }
}

export type KindAccuracy = { kind: string; pages: number; cer: number; wer: number };

/** Mean character and word error rate of each page kind. */
export function accuracyByKind(documents: CorpusDocument[], pageTexts: Map<string, string[]>): KindAccuracy[] {
  const kinds = new Map<string, { cer: number[]; wer: number[] }>();
  for (const document of documents) {
    const texts = pageTexts.get(document.name) ?? [];
    const entry = kinds.get(document.kind) ?? { cer: [], wer: [] };
    document.expected.forEach((expected, i) => {
      entry.cer.push(characterErrorRate(expected, texts[i] ?? ""));
      entry.wer.push(wordErrorRate(expected, texts[i] ?? ""));
    });
    kinds.set(document.kind, entry);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return [...kinds].map(([kind, { cer, wer }]) => ({ kind, pages: cer.length, cer: mean(cer), wer: mean(wer) }));
}

/** Micro-averaged CER over every page: edits over all reference characters. */
export function overallCer(documents: CorpusDocument[], pageTexts: Map<string, string[]>): number {
  let edits = 0;
  let chars = 0;
  for (const document of documents) {
    const texts = pageTexts.get(document.name) ?? [];
    document.expected.forEach((expected, i) => {
      const length = expected.replace(/\s+/g, " ").trim().length;
      edits += characterErrorRate(expected, texts[i] ?? "") * Math.max(length, 1);
      chars += Math.max(length, 1);
    });
  }
  return edits / chars;
}
