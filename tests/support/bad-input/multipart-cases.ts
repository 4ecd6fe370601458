import { readFileSync } from "node:fs";
import path from "node:path";
import { FIXTURES_DIR, uniqueCopy } from "../http-client.ts";
import { type BadInputCase, type FormPart, multipartBody, postBytes } from "./case.ts";
import { sendRaw } from "./raw-http.ts";

const BAD_REQUEST: [number, string] = [400, "BAD_REQUEST"];
const goodGif = () => uniqueCopy(readFileSync(path.join(FIXTURES_DIR, "tiny.gif")));
const filePart = (name = "file"): FormPart => ({ name, filename: "page.gif", data: goodGif() });
const textField = (name: string, data: string): FormPart => ({ name, data, contentType: "text/plain" });

function formCase(name: string, route: string, parts: () => FormPart[], refusals: [number, string][]): BadInputCase {
  return {
    name: `${route}: ${name}`,
    upload: true,
    refusals,
    send: (context) => {
      const { body, contentType } = multipartBody(parts());
      return postBytes(context, route, body, contentType);
    },
  };
}

function rawBodyCase(
  name: string,
  route: string,
  contentType: string | undefined,
  body: () => Buffer,
  refusals: [number, string][],
): BadInputCase {
  return { name: `${route}: ${name}`, upload: true, refusals, send: (context) => postBytes(context, route, body(), contentType) };
}

/** A multipart upload whose Content-Length says `declared` more (or fewer) bytes than are sent. */
function lyingLengthCase(name: string, route: string, delta: number): BadInputCase {
  return {
    name: `${route}: ${name}`,
    upload: true,
    refusals: [BAD_REQUEST],
    send: (context) => {
      const { body, contentType } = multipartBody([filePart()]);
      const declared = body.length + delta;
      return sendRaw(context.baseUrl, {
        method: "POST",
        path: route,
        headers: { authorization: `Bearer ${context.key}`, "content-type": contentType, "content-length": String(declared) },
        body,
        // Declared larger: all bytes are sent and the connection half-closed, so the server sees the body end early.
        sendBodyBytes: delta > 0 ? body.length : undefined,
      });
    },
  };
}

/** Multipart requests that are malformed or break a limit, on the three upload routes. */
export function multipartCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const route of ["/api/v1/documents", "/api/v1/jobs"]) {
    cases.push(
      formCase("the file in a field named `upload`", route, () => [filePart("upload")], [BAD_REQUEST]),
      formCase("two `file` fields", route, () => [filePart(), filePart()], [BAD_REQUEST]),
      formCase("a text field of 5000 characters", route, () => [textField("languages", "e".repeat(5_000)), filePart()], [
        BAD_REQUEST,
        [413, "FILE_TOO_LARGE"],
      ]),
      formCase("21 text fields", route, () => [...Array.from({ length: 21 }, (_, index) => textField(`f${index}`, "x")), filePart()], [
        BAD_REQUEST,
      ]),
      formCase("a field name of 101 characters", route, () => [textField("n".repeat(101), "x"), filePart()], [BAD_REQUEST]),
      rawBodyCase("multipart without a boundary", route, "multipart/form-data", () => multipartBody([filePart()]).body, [BAD_REQUEST]),
      rawBodyCase("an empty boundary", route, "multipart/form-data; boundary=", () => multipartBody([filePart()]).body, [
        BAD_REQUEST,
        [400, "FILE_MISSING"],
      ]),
      rawBodyCase(
        "a boundary the body does not use",
        route,
        "multipart/form-data; boundary=other",
        () => multipartBody([filePart()]).body,
        [BAD_REQUEST],
      ),
      rawBodyCase("an empty multipart body", route, "multipart/form-data; boundary=x", () => Buffer.alloc(0), [BAD_REQUEST]),
      rawBodyCase(
        "multipart/mixed",
        route,
        "multipart/mixed; boundary=ocrflow-bad-input-boundary",
        () => multipartBody([filePart()]).body,
        [BAD_REQUEST, [415, "UNSUPPORTED_MEDIA_TYPE"]],
      ),
      rawBodyCase(
        "a part with no Content-Disposition",
        route,
        "multipart/form-data; boundary=b",
        () => Buffer.from("--b\r\nContent-Type: image/gif\r\n\r\nGIF89a\r\n--b--\r\n"),
        [BAD_REQUEST, [400, "FILE_MISSING"]],
      ),
      rawBodyCase(
        "a body cut inside the file part",
        route,
        "multipart/form-data; boundary=ocrflow-bad-input-boundary",
        () => {
          const { body } = multipartBody([filePart()]);
          return body.subarray(0, body.length - 40);
        },
        [BAD_REQUEST],
      ),
      lyingLengthCase("a Content-Length 1000 bytes larger than the body", route, 1_000),
      lyingLengthCase("a Content-Length 100 bytes smaller than the body", route, -100),
    );
  }
  cases.push(
    rawBodyCase("a text/plain body", "/api/v1/documents", "text/plain", () => Buffer.from("hello"), [
      [400, "FILE_MISSING"],
      [415, "UNSUPPORTED_MEDIA_TYPE"],
    ]),
    rawBodyCase("no Content-Type", "/api/v1/documents", undefined, () => goodGif(), [
      [400, "FILE_MISSING"],
      [415, "UNSUPPORTED_MEDIA_TYPE"],
    ]),
    formCase("51 files in one batch", "/api/v1/jobs/batch", () => Array.from({ length: 51 }, () => filePart("files")), [
      [400, "TOO_MANY_FILES"],
    ]),
    formCase("a batch file in a field named `file`", "/api/v1/jobs/batch", () => [filePart("file")], [BAD_REQUEST]),
    formCase("a batch with no file", "/api/v1/jobs/batch", () => [textField("languages", "eng")], [[400, "FILE_MISSING"]]),
    formCase(
      "71 parts in one batch",
      "/api/v1/jobs/batch",
      () => [
        ...Array.from({ length: 20 }, (_, index) => textField(`f${index}`, "x")),
        ...Array.from({ length: 51 }, () => filePart("files")),
      ],
      [BAD_REQUEST, [400, "TOO_MANY_FILES"]],
    ),
    formCase(
      "a batch option of 5000 characters",
      "/api/v1/jobs/batch",
      () => [textField("webhookUrl", `https://e.test/${"a".repeat(5_000)}`), filePart("files")],
      [BAD_REQUEST],
    ),
    formCase("an unknown option field", "/api/v1/jobs", () => [textField("colour", "blue"), filePart()], [[400, "VALIDATION_FAILED"]]),
    formCase("a nested field name", "/api/v1/jobs", () => [textField("languages[0][x]", "eng"), filePart()], [
      [400, "VALIDATION_FAILED"],
      [422, "INVALID_OPTION"],
      BAD_REQUEST,
    ]),
    formCase("a __proto__ field name", "/api/v1/jobs", () => [textField("__proto__[polluted]", "yes"), filePart()], [
      [400, "VALIDATION_FAILED"],
      BAD_REQUEST,
    ]),
    formCase("priority 11 as a field", "/api/v1/jobs/batch", () => [textField("priority", "11"), filePart("files")], [
      [422, "INVALID_OPTION"],
    ]),
  );
  return cases;
}
