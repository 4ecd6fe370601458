import { assertLanguagesUsable } from "@ocrflow/shared/languages";
import { type SubmittedJobs, submitJobs } from "@ocrflow/shared/jobs";
import type { JobOptions } from "@ocrflow/shared/validators";
import type { AppDeps } from "../deps.ts";
import { discardDocuments, storeDocuments } from "../documents/store-documents.ts";
import type { ReceivedFile } from "../http/upload-storage.ts";
import { submitDepsOf } from "./submit-deps.ts";

/**
 * Upload and submit in one request, for one file or a batch of them: the
 * option fields are checked before any file is kept, the files become the
 * caller's documents, then one job each is submitted. When anything fails the
 * request fails as a whole: documents it created are removed, rows and files,
 * documents that existed before stay, and no temp file is left.
 */
export async function submitUploads(
  deps: AppDeps,
  ownerId: string,
  uploads: readonly ReceivedFile[],
  parseFields: () => JobOptions,
  batch = false,
): Promise<SubmittedJobs> {
  try {
    const options = parseFields();
    assertLanguagesUsable(deps.languages, options.languages);
    const { documents, created } = await storeDocuments(deps, ownerId, uploads);
    try {
      return await submitJobs(submitDepsOf(deps), ownerId, documents, { ...options, batch });
    } catch (error) {
      await discardDocuments(deps, created);
      throw error;
    }
  } finally {
    await Promise.all(uploads.map((file) => deps.storage.removeTempFile(file.tempPath)));
  }
}
