import type { Document, Result } from "@ocrflow/shared/db";
import type { ApiMetadata } from "@ocrflow/shared/responses";

/**
 * The stored metadata of a result, with the category its owner gave the
 * document in place of the worker's; null for results stored before
 * ocrflow kept metadata.
 */
export function resultMetadata(result: Pick<Result, "metadata">, document: Pick<Document, "category"> | null): ApiMetadata | null {
  if (result.metadata === null) return null;
  const metadata = JSON.parse(result.metadata) as ApiMetadata;
  if (!document?.category) return metadata;
  return {
    ...metadata,
    category: {
      category: document.category as ApiMetadata["category"]["category"],
      confidence: 1,
      signals: ["set by the owner"],
      source: "owner",
    },
  };
}
