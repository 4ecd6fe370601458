import type { Result } from "@ocrflow/shared/db";
import type { ApiMetadata } from "@ocrflow/shared/responses";

/** The stored metadata of a result; null for results stored before ocrflow kept it. */
export function resultMetadata(result: Pick<Result, "metadata">): ApiMetadata | null {
  return result.metadata === null ? null : (JSON.parse(result.metadata) as ApiMetadata);
}
