import type { ApiDocument } from "@ocrflow/shared/responses";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/http.ts";

export type DocumentInfo = Pick<ApiDocument, "id" | "filename" | "pageCount">;

// Documents as last read, each asked for once per page load, except that one
// whose page count was not known yet is asked again when a job on it ends.
const documents = new Map<string, DocumentInfo>();
const asked = new Set<string>();

/** Remembers a document this browser just uploaded. */
export function rememberDocument(document: DocumentInfo): void {
  documents.set(document.id, document);
}

/** Reads a document again on next use if its page count was not known yet (a worker counts the pages). */
export function refreshDocument(id: string): void {
  if (documents.get(id)?.pageCount === null) asked.delete(id);
}

async function fetchDocuments(ids: string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 100) {
    const batch = ids.slice(start, start + 100);
    for (const id of batch) asked.add(id);
    const { items } = await api<{ items: ApiDocument[] }>(`/api/v1/documents?pageSize=100&ids=${batch.join(",")}`);
    for (const document of items) documents.set(document.id, document);
  }
}

/** Name and page count of these documents (one request for those not known); a deleted document has none. */
export function useDocuments(ids: readonly string[]): (id: string) => DocumentInfo | undefined {
  const [, setVersion] = useState(0);
  const missing = [...new Set(ids)].filter((id) => !asked.has(id) && (!documents.has(id) || documents.get(id)?.pageCount === null));
  const key = missing.join(",");
  useEffect(() => {
    if (!key) return;
    fetchDocuments(key.split(","))
      .catch(() => undefined)
      .then(() => setVersion((version) => version + 1));
  }, [key]);
  return (id) => documents.get(id);
}
