import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Request } from "express";
import { z } from "zod";
import { HashingStream } from "@ocrflow/shared/encoding";
import { OcrflowError } from "@ocrflow/shared/errors";
import type { FileStorage } from "@ocrflow/shared/storage";
import type { ReceivedFile } from "../http/upload-storage.ts";
import { AzureRequestError } from "./azure-error.ts";

// Azure's requests carry no file name; this one names the document in ocrflow's lists.
const DOCUMENT_NAME = "azure-analyze";

/** The JSON form of an analyze request (AnalyzeDocumentRequest); the Python SDK's bytes_source is sent as base64Source. */
const analyzeJsonSchema = z.object({
  base64Source: z.string().optional(),
  urlSource: z.string().optional(),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** How large a JSON body may be to carry a file of `maxBytes` in base64, with room for the rest. */
export function analyzeJsonLimit(maxBytes: number): number {
  return Math.ceil(maxBytes / 3) * 4 + 64 * 1024;
}

function tooLarge(maxBytes: number): OcrflowError {
  return new OcrflowError("FILE_TOO_LARGE", `The document is larger than the configured limit of ${maxBytes / 1024 / 1024} MB`);
}

/** Passes at most `maxBytes`, then fails the stream with FILE_TOO_LARGE. */
function byteLimit(maxBytes: number): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      bytes += chunk.length;
      done(bytes > maxBytes ? tooLarge(maxBytes) : null, chunk);
    },
  });
}

/** Streams `source` to a temp file while hashing it; on any failure the temp file is removed. */
async function writeTempFile(storage: FileStorage, source: Readable, maxBytes: number): Promise<ReceivedFile> {
  const { tempPath, stream } = storage.createTempFile();
  const hashing = new HashingStream();
  try {
    await pipeline(source, byteLimit(maxBytes), hashing, stream);
  } catch (error) {
    await storage.removeTempFile(tempPath).catch(() => undefined);
    throw error;
  }
  return { tempPath, size: hashing.bytes, sha256: hashing.digestHex(), originalname: DOCUMENT_NAME };
}

/** The document of a JSON analyze request: `base64Source` decoded; `urlSource` refused, as this service fetches nothing. */
function decodeJsonSource(body: unknown, maxBytes: number): Buffer {
  const { base64Source, urlSource } = analyzeJsonSchema.parse(body ?? {});
  if (urlSource !== undefined && base64Source === undefined) {
    throw new AzureRequestError(400, "InvalidRequest", "Invalid request.", {
      code: "InvalidParameter",
      message: "urlSource is not supported: this service fetches no URLs. Send the document as base64Source or as the request body.",
    });
  }
  if (base64Source === undefined || urlSource !== undefined) {
    throw new AzureRequestError(400, "InvalidRequest", "Invalid request.", {
      code: "InvalidParameter",
      message: "Give exactly one of base64Source or urlSource.",
    });
  }
  const text = base64Source.replace(/\s+/g, "");
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    throw new AzureRequestError(400, "InvalidRequest", "Invalid request.", {
      code: "InvalidParameter",
      message: "base64Source is not valid base64.",
    });
  }
  const bytes = Buffer.from(text, "base64");
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/**
 * The document of an analyze request, in a temp file: the raw body (any
 * content type but JSON, forms and text; the type is told from the bytes
 * later, as for every upload), or JSON `{base64Source}` already parsed.
 */
export async function receiveAnalyzeBody(req: Request, storage: FileStorage, maxBytes: number): Promise<ReceivedFile> {
  if (req.is("application/json")) return writeTempFile(storage, Readable.from([decodeJsonSource(req.body, maxBytes)]), maxBytes);
  if (req.is(["multipart/*", "application/x-www-form-urlencoded", "text/*"])) {
    throw new OcrflowError("UNSUPPORTED_MEDIA_TYPE", "Send the document as the request body, or JSON {base64Source}");
  }
  if (Number(req.get("content-length")) > maxBytes) throw tooLarge(maxBytes);
  return writeTempFile(storage, req, maxBytes);
}
