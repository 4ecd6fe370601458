import type { Corpus } from "../corpus/make-corpus.ts";
import { DEBIAN_TESSDATA } from "../lib/model-dirs.ts";
import { runNative } from "../lib/run-native.ts";
import { fmt, percent, type Row } from "../lib/table.ts";
import { measureOcr, type OcrRun, overallCer } from "./measure-ocr.ts";

/**
 * Issue 19: ocrflow end to end with each OCR backend against plain native
 * tesseract on the same pages and cores. Plain native (its own model, one
 * thread per process, `cores` processes) runs before and after, and the mean
 * of the two is the yardstick, as in the ocr section: the load others put on
 * a shared machine drifts. ocrflow's native backend reads with the same
 * model (Debian's, found by OCR_ENGINE=tesseract-native); tesseract.js with
 * its bundled 4.0.0_best_int.
 */
export async function measureNativeBackend(corpus: Corpus, cores: number, log: (message: string) => void): Promise<Row[]> {
  const pageCount = corpus.documents.reduce((sum, document) => sum + document.expected.length, 0);
  log(`plain native tesseract, ${cores} processes, own model...`);
  const before = await runNative(corpus.documents, cores, DEBIAN_TESSDATA);
  log("ocrflow end to end, OCR_ENGINE=tesseract-native...");
  const native = await measureOcr(corpus, cores, { OCR_ENGINE: "tesseract-native" });
  log("ocrflow end to end, OCR_ENGINE=tesseract.js, bundled model...");
  const js = await measureOcr(corpus, cores, { OCR_ENGINE: "tesseract.js" });
  log("plain native tesseract again...");
  const after = await runNative(corpus.documents, cores, DEBIAN_TESSDATA);

  const plainSeconds = (before.seconds + after.seconds) / 2;
  const plainCpu = (before.cpuSeconds + after.cpuSeconds) / 2;
  const perMinute = (seconds: number) => (pageCount * 60) / seconds;
  const plainCer = overallCer(corpus.documents, before.pageTexts);
  const rowsOf = (name: string, run: OcrRun, target: number): Row[] => {
    const ratio = plainSeconds / run.seconds;
    const cer = overallCer(corpus.documents, run.pageTexts);
    const failed = run.failed.length > 0 ? ` (${run.failed.length} failed)` : "";
    return [
      {
        metric: `native. ${name}: throughput pages/min, ratio to plain native`,
        ocrflow: `${fmt(perMinute(run.seconds))} (${fmt(ratio, 2)}x)${failed}`,
        native: fmt(perMinute(plainSeconds)),
        target: `>= ${fmt(target, 2)}x`,
        met: ratio >= target && run.failed.length === 0,
      },
      {
        // CPU time does not drift with what else runs on the machine; ocrflow's includes its tesseract children and the API-side work of the worker.
        metric: `native. ${name}: CPU seconds per page (worker and its children)`,
        ocrflow: fmt((run.workerCpuSeconds ?? Number.NaN) / pageCount, 2),
        native: fmt(plainCpu / pageCount, 2),
      },
      {
        metric: `native. ${name}: CER all pages`,
        ocrflow: percent(cer),
        native: percent(plainCer),
        ...(name.includes("native") ? { target: "< plain native", met: cer < plainCer } : {}),
      },
    ];
  };
  return [
    {
      metric: `native. plain native tesseract (${before.version}), ${pageCount} pages, ${cores} processes: pages/min before / after`,
      ocrflow: "",
      native: `${fmt(perMinute(before.seconds))} / ${fmt(perMinute(after.seconds))}`,
    },
    ...rowsOf("ocrflow OCR_ENGINE=tesseract-native (Debian model)", native, 1.0),
    ...rowsOf("ocrflow OCR_ENGINE=tesseract.js (bundled best_int)", js, 0.8),
  ];
}
