import { randomBytes } from "node:crypto";
import type { DbProvider } from "../../packages/shared/src/db-provider.ts";
import type { Corpus } from "../corpus/make-corpus.ts";
import { sharp } from "../lib/sharp.ts";
import { createClient, waitForJob } from "../lib/api-client.ts";
import { peakRssMb, startBenchService } from "../lib/bench-service.ts";

export type MemoryRun = {
  apiBaselineMb?: number;
  apiPeakMb?: number;
  uploadStatuses: number[];
  workerPeakMb?: number;
  /** The worker's peak after start-up (model loaded), before any job. */
  workerStartMb?: number;
  longPdfStatus: string;
  longPdfSeconds: number;
};

const UPLOADS = 10;
const UPLOAD_BYTES = 50_000_000;

/**
 * Peak RSS (VmHWM) of the API while ten 50 MB uploads arrive at once, and of
 * one worker process at WORKER_CONCURRENCY=1 through a 50-page PDF.
 */
export async function measureMemory(corpus: Corpus, database: DbProvider = "sqlite"): Promise<MemoryRun> {
  // The worker as supervisord.conf and docker-compose.yml start it.
  const service = await startBenchService({ workers: 1, workerConcurrency: 1, workerEnv: { MALLOC_ARENA_MAX: "2" }, database });
  try {
    const client = createClient(service.baseUrl, service.key);
    const workerStartMb = await peakRssMb(service.workerPids[0]!);
    const big = await bigTiff();
    const apiBaselineMb = await peakRssMb(service.apiPid);
    const uploads = await Promise.all(
      Array.from({ length: UPLOADS }, (_, i) =>
        // Random trailing bytes: ten different files, so none is answered as a duplicate.
        client.postFile("/api/v1/documents", Buffer.concat([big, randomBytes(16)]), `big-${i}.tiff`),
      ),
    );
    const apiPeakMb = await peakRssMb(service.apiPid);

    const started = performance.now();
    const { body } = await client.uploadPath("/api/v1/jobs", corpus.longPdf, { languages: "eng" });
    const job = await waitForJob(client, body.job.id, { intervalMs: 500 });
    const longPdfSeconds = (performance.now() - started) / 1000;
    const workerPeakMb = await peakRssMb(service.workerPids[0]!);
    return {
      apiBaselineMb,
      apiPeakMb,
      uploadStatuses: uploads.map((upload) => upload.status),
      workerPeakMb,
      workerStartMb,
      longPdfStatus: job.status,
      longPdfSeconds,
    };
  } finally {
    await service.close();
  }
}

/** An uncompressed grey TIFF just under 50 MB (7070 x 7070 pixels). */
export async function bigTiff(): Promise<Buffer> {
  const side = Math.floor(Math.sqrt(UPLOAD_BYTES - 20_000));
  const tiff = await sharp({ create: { width: side, height: side, channels: 3, background: "#ffffff" } })
    .toColourspace("b-w")
    .tiff({ compression: "none" })
    .toBuffer();
  return tiff;
}
