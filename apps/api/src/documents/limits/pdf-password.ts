import { createCipheriv, createHash } from "node:crypto";
import { pdfStringValue } from "./pdf-strings.ts";

// The padding string of the PDF standard security handler (ISO 32000-1, 7.6.3.3).
const PAD = Buffer.from("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a", "hex");

/**
 * Whether a PDF's standard security handler needs a user password, i.e. the
 * empty one does not open it (a PDF with only an owner password opens and
 * OCRs fine). Runs the handler's own check on the /U entry: MD5 and RC4 for
 * revisions 2-4, SHA-256 for 5, the iterated hash of ISO 32000-2 for 6.
 * Undefined when the dictionary is not one it can check.
 */
export function needsUserPassword(encryptObject: string, firstId: Buffer | undefined): boolean | undefined {
  const encrypt = topLevelEntries(encryptObject);
  if (!/\/Filter\s*\/Standard\b/.test(encrypt)) return undefined;
  const revision = Number(/\/R\s+(\d+)/.exec(encrypt)?.[1]);
  const user = pdfStringValue(encrypt, "U");
  if (!user || user.length < 32) return undefined;
  if (revision === 5) return !sha256(Buffer.alloc(0), user.subarray(32, 40)).equals(user.subarray(0, 32));
  if (revision === 6) return !hardenedHash(user.subarray(32, 40)).equals(user.subarray(0, 32));
  const owner = pdfStringValue(encrypt, "O");
  const permissions = Number(/\/P\s+(-?\d+)/.exec(encrypt)?.[1]);
  if (revision < 2 || revision > 4 || !owner || !firstId || !Number.isInteger(permissions)) return undefined;
  const keyBytes = revision === 2 ? 5 : Number(/\/Length\s+(\d+)/.exec(encrypt)?.[1] ?? 40) / 8;
  const key = fileKey(revision, keyBytes, owner, permissions, firstId, /\/EncryptMetadata\s+false/.test(encrypt));
  if (revision === 2) return !rc4(key, PAD).equals(user.subarray(0, 32));
  let check = rc4(key, createHash("md5").update(PAD).update(firstId).digest());
  for (let round = 1; round <= 19; round += 1) check = rc4(Buffer.from(key.map((byte) => byte ^ round)), check);
  return !check.equals(user.subarray(0, 16));
}

/** The dictionary's text without its nested dictionaries (/CF has a /Length of its own, in bytes). */
function topLevelEntries(objectText: string): string {
  let text = objectText.slice(objectText.indexOf("<<") + 2);
  for (let previous = ""; previous !== text; ) {
    previous = text;
    text = text.replace(/<<[^<>]*>>/g, "");
  }
  return text;
}

/** Algorithm 2, for the empty password (which pads to PAD itself). */
function fileKey(revision: number, keyBytes: number, owner: Buffer, permissions: number, firstId: Buffer, plainMetadata: boolean): Buffer {
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const md5 = createHash("md5").update(PAD).update(owner.subarray(0, 32)).update(p).update(firstId);
  if (revision >= 4 && plainMetadata) md5.update(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  let key = md5.digest();
  if (revision >= 3) for (let round = 0; round < 50; round += 1) key = createHash("md5").update(key.subarray(0, keyBytes)).digest();
  return key.subarray(0, keyBytes);
}

/** Algorithm 2.B of ISO 32000-2 for the empty password and no user key data. */
function hardenedHash(salt: Buffer): Buffer {
  let k = sha256(Buffer.alloc(0), salt);
  for (let round = 0; ; round += 1) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => k));
    const cipher = createCipheriv("aes-128-cbc", k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    const e = Buffer.concat([cipher.update(k1), cipher.final()]);
    const sum = e.subarray(0, 16).reduce((total, byte) => total + byte, 0) % 3;
    k = createHash(["sha256", "sha384", "sha512"][sum]!).update(e).digest();
    if (round >= 63 && e[e.length - 1]! <= round - 31) return k.subarray(0, 32);
  }
}

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, index) => index);
  for (let i = 0, j = 0; i < 256; i += 1) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n += 1) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}
