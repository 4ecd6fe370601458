import { timingSafeEqual } from "node:crypto";
import { sha256Hex } from "@ocrflow/shared/encoding";

/** Compares two secrets in constant time: their hashes, so neither the length nor the content leaks through timing. */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(presented), "hex"), Buffer.from(sha256Hex(expected), "hex"));
}
