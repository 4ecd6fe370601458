import { z } from "zod";
import { AzureRequestError } from "./azure-error.ts";
import { languageOfLocale } from "./azure-locales.ts";
import { STRING_INDEX_TYPES, type StringIndexType } from "./text-offsets.ts";

/** The one model served: Azure's OCR model. Any other id is Azure's 404 ModelNotFound. */
export const READ_MODEL_ID = "prebuilt-read";

/** Analyze outputs a client may ask for; `pdf` is what paperless-ngx asks for alongside the result. */
const OUTPUTS = ["pdf", "figures"] as const;

const invalidParameter = (message: string) =>
  new AzureRequestError(400, "InvalidRequest", "Invalid request.", { code: "InvalidParameter", message });

/** A query value given once or repeated, or comma-joined as the SDKs send lists. */
const listParam = z.union([z.string(), z.array(z.string())]).transform((value) =>
  [value]
    .flat()
    .flatMap((item) => item.split(","))
    .map((item) => item.trim())
    .filter(Boolean),
);

const commonQuerySchema = z.object({
  "api-version": z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/),
  stringIndexType: z.enum(STRING_INDEX_TYPES).default("textElements"),
});

const analyzeQuerySchema = commonQuerySchema.extend({
  output: listParam.pipe(z.array(z.enum(OUTPUTS))).default([]),
  outputContentFormat: z.enum(["text"]).default("text"),
  locale: z.string().max(35).optional(),
});

export interface CommonQuery {
  apiVersion: string;
  stringIndexType: StringIndexType;
}

/**
 * Validates a query against its schema. Parameters the read model has no use
 * for (pages, features, queryFields) are ignored, as are unknown ones.
 */
function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const source = query as Record<string, unknown>;
  if (source["api-version"] === undefined) {
    throw new AzureRequestError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidParameter(`The parameter ${String(issue.path[0])} is invalid: ${issue.message}`);
  }
  return parsed.data;
}

/** The query of POST .../documentModels/{modelId}:analyze. */
export function parseAnalyzeQuery(query: unknown): CommonQuery & { output: string[]; languages?: string[] } {
  const parsed = parseQuery(analyzeQuerySchema, query);
  const common = { apiVersion: parsed["api-version"], stringIndexType: parsed.stringIndexType, output: parsed.output };
  if (parsed.locale === undefined) return common;
  const language = languageOfLocale(parsed.locale);
  if (!language) throw invalidParameter(`The locale ${parsed.locale} is not supported.`);
  return { ...common, languages: [language] };
}

/** The query of GET .../analyzeResults/{resultId}; stringIndexType comes back from the Operation-Location given at analyze. */
export function parseResultQuery(query: unknown): CommonQuery {
  const parsed = parseQuery(commonQuerySchema, query);
  return { apiVersion: parsed["api-version"], stringIndexType: parsed.stringIndexType };
}

/** The model id of `{modelId}:analyze`, which must be the read model. */
export function parseAnalyzeTarget(segment: string): string {
  const modelId = segment.match(/^(.+):analyze$/)?.[1];
  if (!modelId) throw new AzureRequestError(404, "404", "Resource not found");
  return assertReadModel(modelId);
}

export function assertReadModel(modelId: string): string {
  if (modelId !== READ_MODEL_ID) {
    throw new AzureRequestError(404, "NotFound", "Resource not found.", {
      code: "ModelNotFound",
      message: `The requested model was not found: this service offers ${READ_MODEL_ID} only.`,
    });
  }
  return modelId;
}
