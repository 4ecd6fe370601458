import { z } from "zod";
import { idSchema } from "./ids.ts";
import { jobOptionsSchema } from "./job-options.ts";

/** JSON body of POST /api/v1/jobs. */
export const submitJobBodySchema = jobOptionsSchema.extend({ documentId: idSchema }).strict();

/** Multipart fields of POST /api/v1/jobs (upload and submit in one request). */
export const submitUploadFieldsSchema = jobOptionsSchema.strict();

export const resultFormatSchema = z.object({
  format: z.enum(["json", "text"]).default("json"),
});
