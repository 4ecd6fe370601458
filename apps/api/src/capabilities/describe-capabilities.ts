import type { z } from "zod";
import { BATCH_MAX_ITEMS, DEFAULT_LANGUAGES, DEFAULT_PRIORITY, PRIORITY_NAMES, SUPPORTED_MIME_TYPES } from "@ocrflow/shared/constants";
import type { LanguageCatalog } from "@ocrflow/shared/languages";
import { jobOptionsSchema, RESULT_FORMATS } from "@ocrflow/shared/validators";

interface ChoiceOption {
  values: string[];
  default: string | null;
}

/** Unwraps .default()/.optional() down to the value's own schema, keeping the default. */
function unwrapOption(schema: z.core.$ZodType): { inner: z.core.$ZodType; fallback: unknown } {
  let inner = schema;
  let fallback: unknown;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: z.core.$ZodType; defaultValue?: unknown };
    if (def.type === "default") fallback = def.defaultValue;
    if ((def.type === "default" || def.type === "optional" || def.type === "prefault") && def.innerType) inner = def.innerType;
    else return { inner, fallback };
  }
}

type OptionDef = { type: string; entries?: Record<string, string>; options?: z.core.$ZodType[] };

/** A yes/no option: a boolean, or a union with one (which also takes "true"/"false"). */
function isFlag(def: OptionDef): boolean {
  return def.type === "boolean" || (def.type === "union" && (def.options ?? []).some((option) => option._zod.def.type === "boolean"));
}

/**
 * The job options that take one of a fixed list of values (an enum in
 * jobOptionsSchema, e.g. an OCR mode; a yes/no flag as "false" and "true",
 * which the submit routes take as strings too), with their default: a
 * client (the web app) offers what the service accepts, and a new option
 * shows there as soon as the schema has it.
 */
export function choiceOptions(shape: Record<string, z.core.$ZodType> = jobOptionsSchema.shape): Record<string, ChoiceOption> {
  const choices: Record<string, ChoiceOption> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const { inner, fallback } = unwrapOption(schema);
    const def = inner._zod.def as OptionDef;
    if (def.type === "enum" && def.entries) {
      choices[name] = { values: Object.values(def.entries), default: typeof fallback === "string" ? fallback : null };
    } else if (isFlag(def)) {
      choices[name] = { values: ["false", "true"], default: typeof fallback === "boolean" ? String(fallback) : null };
    }
  }
  return choices;
}

/** What this service accepts and offers, for clients that adapt to it. */
export function describeCapabilities(deps: { languages: LanguageCatalog; maxFileSizeMb: number; webhooks: boolean }) {
  return {
    resultFormats: [...RESULT_FORMATS],
    languages: { installed: [...deps.languages.installed], default: [...DEFAULT_LANGUAGES] },
    priorities: { values: [...PRIORITY_NAMES], default: DEFAULT_PRIORITY },
    options: choiceOptions(),
    upload: { maxFileSizeMb: deps.maxFileSizeMb, maxBatchFiles: BATCH_MAX_ITEMS, mimeTypes: [...SUPPORTED_MIME_TYPES] },
    webhooks: deps.webhooks,
  };
}
