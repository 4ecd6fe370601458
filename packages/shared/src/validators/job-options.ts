import { z } from "zod";
import { decodeLanguages } from "../language-codes.ts";
import { DEFAULT_LANGUAGES, DEFAULT_PRIORITY, PRIORITY_NAMES, PRIORITY_VALUES } from "../constants.ts";

const languageCode = z.string().regex(/^[a-z]{3}(_[a-z]+)?$/i, "must be a tesseract language code such as eng or chi_sim");

/** `languages`: an array, or a `+`-joined string as tesseract writes it. */
export const languagesSchema = z
  .union([z.array(languageCode).min(1).max(8), z.string().min(1).max(100)])
  .transform((value) => (Array.isArray(value) ? value : decodeLanguages(value).map((code) => code.trim())))
  .pipe(z.array(languageCode).min(1).max(8))
  .transform((codes) => [...new Set(codes.map((code) => code.toLowerCase()))]);

/** `priority`: high|normal|low, or 0-10 with 10 most urgent; normalised to 0-10. */
export const prioritySchema = z
  .union([
    z.enum(PRIORITY_NAMES),
    z.number().int().min(0).max(10),
    // Multipart fields arrive as strings.
    z
      .string()
      .regex(/^(10|[0-9])$/, "must be high, normal, low or an integer 0-10")
      .transform(Number),
  ])
  .transform((value) => (typeof value === "number" ? value : PRIORITY_VALUES[value]));

/** What kind of page to expect: it picks the page segmentation and the layout read out. */
export const OCR_MODES = ["document", "general", "figure", "handwritten"] as const;
export type OcrMode = (typeof OCR_MODES)[number];
/** Working resolution presets, from a fast preview to the most accurate; gundam tiles very large pages. */
export const RESOLUTIONS = ["tiny", "small", "base", "large", "gundam"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
/** auto: a PDF page's own usable text is taken as is, other pages are OCRed; ocr: always OCR; embedded: never OCR. */
export const TEXT_LAYERS = ["auto", "ocr", "embedded"] as const;
export type TextLayer = (typeof TEXT_LAYERS)[number];

/** A yes/no option: a JSON boolean, or "true"/"false" as a multipart field. */
const flagSchema = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]);

export const webhookUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(2048);

export const jobOptionsSchema = z.object({
  languages: languagesSchema.default([...DEFAULT_LANGUAGES]),
  priority: prioritySchema.default(PRIORITY_VALUES[DEFAULT_PRIORITY]),
  webhookUrl: webhookUrlSchema.optional(),
  mode: z.enum(OCR_MODES).default("document"),
  resolution: z.enum(RESOLUTIONS).default("base"),
  textLayer: z.enum(TEXT_LAYERS).default("auto"),
  revealIdentifiers: flagSchema.default(false),
});
export type JobOptions = z.infer<typeof jobOptionsSchema>;
