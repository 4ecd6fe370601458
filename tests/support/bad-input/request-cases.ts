import { UNKNOWN_ID } from "../http-client.ts";
import type { BadInputCase, CaseContext } from "./case.ts";
import { sendRaw } from "./raw-http.ts";
import type { ApiResponse } from "../http-client.ts";

const VALIDATION_FAILED: [number, string] = [400, "VALIDATION_FAILED"];
const NOT_FOUND: [number, string] = [404, "NOT_FOUND"];
const UNAUTHORIZED: [number, string] = [401, "UNAUTHORIZED"];

async function send(context: CaseContext, method: string, route: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
  const response = await fetch(`${context.baseUrl}${route}`, { method, headers: { authorization: `Bearer ${context.key}`, ...headers } });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.includes("application/json");
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

const ID_ROUTES: [string, string][] = [
  ["GET", "/api/v1/documents/:id"],
  ["GET", "/api/v1/documents/:id/content"],
  ["DELETE", "/api/v1/documents/:id"],
  ["GET", "/api/v1/jobs/:id"],
  ["GET", "/api/v1/jobs/:id/result"],
  ["GET", "/api/v1/jobs/:id/events"],
  ["POST", "/api/v1/jobs/:id/cancel"],
  ["POST", "/api/v1/jobs/:id/retry"],
  ["DELETE", "/api/v1/jobs/:id"],
  ["GET", "/api/v1/batches/:id"],
];
const BAD_IDS = ["not-a-uuid", "' OR '1'='1' --", '{"$ne":null}', "../../etc/passwd", `${UNKNOWN_ID}0`, "\u0000", "x".repeat(2_000)];

function idCases(): BadInputCase[] {
  const cases = ID_ROUTES.flatMap(([method, pattern]) =>
    BAD_IDS.map(
      (id): BadInputCase => ({
        name: `${method} ${pattern} with id ${JSON.stringify(id).slice(0, 30)}`,
        refusals: [VALIDATION_FAILED],
        send: (context) => send(context, method, pattern.replace(":id", encodeURIComponent(id))),
      }),
    ),
  );
  cases.push({
    name: "GET /api/v1/jobs/:id with a malformed percent-encoding",
    refusals: [[400, "BAD_REQUEST"], VALIDATION_FAILED],
    send: (context) => send(context, "GET", "/api/v1/jobs/%E0%A4%A"),
  });
  return cases;
}

const LIST_QUERIES: [string, string[]][] = [
  [
    "/api/v1/documents",
    [
      "page=0",
      "page=-1",
      "page=abc",
      "page=1.5",
      "page=1&page=2",
      "page=99999999999",
      "pageSize=0",
      "pageSize=101",
      "pageSize=x",
      "sort=size",
      "sort=createdAt",
      "sort=createdAt:up",
      "sort=createdAt:desc&sort=filename:asc",
      "sort=__proto__:asc",
      "filter=1",
      "status=queued",
    ],
  ],
  [
    "/api/v1/jobs",
    [
      "status=done",
      "status=QUEUED",
      "status=queued&status=failed",
      "batchId=not-a-uuid",
      "batchId=' OR 1=1",
      "page=",
      "pageSize=1e9",
      "sort=createdAt:desc",
    ],
  ],
];

function queryCases(): BadInputCase[] {
  const cases = LIST_QUERIES.flatMap(([route, queries]) =>
    queries.map(
      (query): BadInputCase => ({
        name: `GET ${route}?${query}`,
        refusals: [VALIDATION_FAILED],
        send: (context) => send(context, "GET", `${route}?${query}`),
      }),
    ),
  );
  for (const query of ["format=docx", "format=JSON", "format=json&format=text", "format=", "format[x]=json"]) {
    cases.push({
      name: `GET /api/v1/jobs/:id/result?${query}`,
      refusals: [[422, "INVALID_OPTION"], VALIDATION_FAILED],
      send: (context) => send(context, "GET", `/api/v1/jobs/${context.jobId}/result?${query}`),
    });
  }
  return cases;
}

function headerCases(): BadInputCase[] {
  const huge = "h".repeat(20 * 1024);
  const raw =
    (headers: Record<string, string>, path = `/api/v1/documents/${UNKNOWN_ID}`) =>
    (context: CaseContext) =>
      sendRaw(context.baseUrl, { method: "GET", path, headers: { authorization: `Bearer ${context.key}`, ...headers } });
  const cases: BadInputCase[] = [
    { name: "a 20 KB header on an API route", refusals: [[431, "HEADERS_TOO_LARGE"]], send: raw({ "x-padding": huge }) },
    { name: "a 20 KB cookie", refusals: [[431, "HEADERS_TOO_LARGE"]], send: raw({ cookie: `a=${huge}` }) },
    { name: "a 20 KB header on /health/live", refusals: [[431, "HEADERS_TOO_LARGE"]], send: raw({ "x-padding": huge }, "/health/live") },
    {
      name: "200 headers of 100 bytes",
      refusals: [[431, "HEADERS_TOO_LARGE"]],
      send: raw(Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`x-h${index}`, "v".repeat(100)]))),
    },
    { name: "a header line without a colon", refusals: [[400, "BAD_REQUEST"]], send: raw({ "no-colon-here\r\nbroken": "" }) },
    {
      name: "a request line that is not HTTP",
      refusals: [[400, "BAD_REQUEST"]],
      send: (context) => sendRaw(context.baseUrl, { method: "GET /x", path: "NOT HTTP", headers: {} }),
    },
  ];
  const badAuth: [string, Record<string, string>][] = [
    ["Basic credentials", { authorization: "Basic dXNlcjpwYXNz" }],
    ["a Bearer without a key", { authorization: "Bearer" }],
    ["a Bearer with two tokens", { authorization: "Bearer a b" }],
    ["a Token scheme", { authorization: "Token ofk_abc" }],
    ["an unknown key", { authorization: "Bearer ofk_not-a-real-key" }],
    ["a 1000-character key", { authorization: `Bearer ${"k".repeat(1_000)}` }],
    ["an empty X-API-Key", { authorization: "", "x-api-key": "" }],
    ["an unknown X-API-Key", { authorization: "", "x-api-key": "ofk_nope" }],
    ["a key with SQL in it", { authorization: "Bearer ' OR 1=1 --" }],
  ];
  for (const [what, headers] of badAuth) {
    cases.push({
      name: `${what} on GET /api/v1/documents`,
      refusals: [UNAUTHORIZED],
      send: (context) => send(context, "GET", "/api/v1/documents", headers),
    });
  }
  const methods: [string, string][] = [
    ["PUT", "/api/v1/documents"],
    ["PATCH", `/api/v1/documents/${UNKNOWN_ID}`],
    ["PUT", `/api/v1/jobs/${UNKNOWN_ID}`],
    ["DELETE", "/api/v1/jobs"],
    ["POST", `/api/v1/batches/${UNKNOWN_ID}`],
    ["GET", "/api/v1/jobs/batch/extra"],
    ["POST", "/api/v1/documents/x/y/z"],
  ];
  for (const [method, route] of methods) {
    cases.push({ name: `${method} ${route}`, refusals: [NOT_FOUND, [405, "NOT_FOUND"]], send: (context) => send(context, method, route) });
  }
  return cases;
}

/** Bad ids, query strings and headers. */
export function requestCases(): BadInputCase[] {
  return [...idCases(), ...queryCases(), ...headerCases()];
}
