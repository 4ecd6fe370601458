import type { ApiDocument } from "@ocrflow/shared/responses";
import { ApiError, changeHeaders } from "./http.ts";

export interface UploadedDocument {
  document: ApiDocument;
  duplicate: boolean;
}

/**
 * Uploads one file as a document (POST /api/v1/documents), telling the
 * fraction sent as it goes: fetch cannot report upload progress, XMLHttpRequest can.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadedDocument> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/documents");
    for (const [name, value] of Object.entries(changeHeaders())) request.setRequestHeader(name, value);
    request.setRequestHeader("Accept", "application/json");
    request.responseType = "json";
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener("load", () => {
      const body = request.response;
      if (request.status === 200 || request.status === 201) resolve({ document: body.document, duplicate: Boolean(body.duplicate) });
      else reject(new ApiError(request.status, body ?? undefined, `The server answered ${request.status}`));
    });
    request.addEventListener("error", () => reject(new ApiError(0, undefined, "The upload was cut off: the server could not be reached")));
    request.addEventListener("abort", () => reject(new DOMException("Upload cancelled", "AbortError")));
    signal?.addEventListener("abort", () => request.abort());
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}
