import { z } from "zod";
import { decodeLanguages } from "../encoding.ts";
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

export const webhookUrlSchema = z.url({ protocol: /^https?$/, error: "must be an http or https URL" }).max(2048);

export const jobOptionsSchema = z.object({
  languages: languagesSchema.default([...DEFAULT_LANGUAGES]),
  priority: prioritySchema.default(PRIORITY_VALUES[DEFAULT_PRIORITY]),
  webhookUrl: webhookUrlSchema.optional(),
});
export type JobOptions = z.infer<typeof jobOptionsSchema>;
