import { UNKNOWN_ID } from "../http-client.ts";
import { type BadInputCase, postBytes } from "./case.ts";

const INVALID_JSON: [number, string] = [400, "INVALID_JSON"];
const VALIDATION_FAILED: [number, string] = [400, "VALIDATION_FAILED"];
const INVALID_OPTION: [number, string] = [422, "INVALID_OPTION"];
const ROUTES = ["/api/v1/jobs", "/api/v1/jobs/batch"] as const;

function jsonCase(name: string, route: string, body: string, refusals: [number, string][], contentType = "application/json"): BadInputCase {
  return { name: `${route}: ${name}`, refusals, send: (context) => postBytes(context, route, Buffer.from(body), contentType) };
}

/** A valid body for the route, with `fields` replacing or adding keys. */
function bodyWith(route: string, fields: Record<string, unknown>): string {
  const base = route.endsWith("/batch") ? { documentIds: [UNKNOWN_ID] } : { documentId: UNKNOWN_ID };
  return JSON.stringify({ ...base, ...fields });
}

const WRONG_OPTIONS: [string, unknown[]][] = [
  ["languages", [42, true, {}, [], [""], ["english"], ["eng", 1], "e".repeat(200), Array.from({ length: 9 }, () => "eng"), "eng++", null]],
  ["priority", ["urgent", 11, -1, 1.5, 1e308, "", null, [], { value: 5 }, "HIGH "]],
  [
    "webhookUrl",
    [
      "ftp://example.com/hook",
      "not a url",
      42,
      "javascript:alert(1)",
      `https://example.com/${"a".repeat(3_000)}`,
      null,
      ["https://e.test"],
    ],
  ],
  ["mode", ["poster", "", "Document", 1, null, ["document"]]],
  ["resolution", ["huge", "BASE", 0, null, {}]],
  ["textLayer", ["pdf", true, null]],
  ["revealIdentifiers", ["yes", 1, null, "TRUE"]],
];

/** JSON bodies that are malformed, of the wrong shape, or hold wrong values, on the two JSON submit routes. */
export function jsonCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const route of ROUTES) {
    const idField = route.endsWith("/batch") ? "documentIds" : "documentId";
    for (const body of ["{", '{"documentId": }', "{'documentId': 1}", '{"a":1,}', "NaN", "undefined", '{"a":1}}', "\u0000"]) {
      cases.push(jsonCase(`the malformed JSON ${JSON.stringify(body)}`, route, body, [INVALID_JSON]));
    }
    for (const body of ["1", "null", '"text"', "true"]) cases.push(jsonCase(`the JSON ${body}`, route, body, [INVALID_JSON]));
    cases.push(jsonCase("a JSON array", route, "[]", [VALIDATION_FAILED]));
    cases.push(jsonCase("an empty object", route, "{}", [VALIDATION_FAILED]));
    for (const [field, values] of WRONG_OPTIONS) {
      for (const value of values) {
        const shown = JSON.stringify(value).slice(0, 40);
        cases.push(jsonCase(`${field} ${shown}`, route, bodyWith(route, { [field]: value }), [INVALID_OPTION]));
      }
    }
    const wrongIds: unknown[] = [42, null, "not-a-uuid", { $ne: null }, "' OR '1'='1"];
    if (idField === "documentIds")
      wrongIds.push(
        [],
        Array.from({ length: 51 }, () => UNKNOWN_ID),
        [UNKNOWN_ID, "bad"],
        UNKNOWN_ID,
      );
    else wrongIds.push([UNKNOWN_ID], "");
    for (const value of wrongIds) {
      cases.push(
        jsonCase(`${idField} ${JSON.stringify(value).slice(0, 40)}`, route, bodyWith(route, { [idField]: value }), [VALIDATION_FAILED]),
      );
    }
    cases.push(
      jsonCase("an unknown field", route, bodyWith(route, { colour: "blue" }), [VALIDATION_FAILED]),
      jsonCase("a __proto__ field", route, bodyWith(route, {}).replace("{", '{"__proto__":{"admin":true},'), [VALIDATION_FAILED]),
      jsonCase("a body over 256 KB", route, bodyWith(route, { padding: "x".repeat(300 * 1024) }), [[413, "FILE_TOO_LARGE"]]),
      jsonCase("arrays nested 10000 deep", route, `{"languages":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, [
        INVALID_OPTION,
        VALIDATION_FAILED,
      ]),
      jsonCase("JSON sent as text/plain", route, bodyWith(route, {}), [[415, "UNSUPPORTED_MEDIA_TYPE"]], "text/plain"),
      jsonCase(
        "JSON sent as a urlencoded form",
        route,
        bodyWith(route, {}),
        [[415, "UNSUPPORTED_MEDIA_TYPE"]],
        "application/x-www-form-urlencoded",
      ),
      jsonCase("JSON sent as XML", route, bodyWith(route, {}), [[415, "UNSUPPORTED_MEDIA_TYPE"]], "application/xml"),
      jsonCase("UTF-8 bytes declared UTF-16", route, bodyWith(route, {}), [INVALID_JSON], "application/json; charset=utf-16"),
      jsonCase("JSON in latin1", route, bodyWith(route, {}), [[415, "UNSUPPORTED_MEDIA_TYPE"]], "application/json; charset=latin1"),
    );
  }
  return cases;
}
