import { z } from "zod";
import { jobSchema } from "@ocrflow/shared/validators";
import { WEBHOOK_EVENTS, WEBHOOK_SIGNATURE_HEADER } from "@ocrflow/shared/webhooks";
import type { ZodOpenApiPathsObject } from "zod-openapi";

/** What a job's webhookUrl receives: the event and the same Job the API returns. */
export const webhookBodySchema = z
  .object({ event: z.enum(Object.values(WEBHOOK_EVENTS)), job: jobSchema })
  .meta({ id: "WebhookEvent", description: "Sent once per final state of a job that has a webhookUrl" });

const signatureHeader = z.object({
  [WEBHOOK_SIGNATURE_HEADER]: z
    .string()
    .regex(/^sha256=[0-9a-f]{64}$/)
    .meta({ description: "sha256= and the hex HMAC-SHA256 of the exact body bytes, keyed with WEBHOOK_SECRET" }),
});

/** The OpenAPI 3.1 `webhooks` of the document: what ocrflow sends, not a route it serves. */
export const webhookEvents: ZodOpenApiPathsObject = {
  jobFinished: {
    post: {
      tags: ["jobs"],
      summary: "A job reached a final state (completed, failed or cancelled)",
      description:
        "POSTed to the job's webhookUrl. Verify the signature over the raw body before parsing it. " +
        "Any answer but 2xx, a timeout (10 s) or a connection error is retried with exponential backoff (8 tries); " +
        "4xx other than 408 and 429 is given up at once. Redirects are not followed. " +
        "Private, loopback and link-local targets are refused unless WEBHOOK_ALLOWED_NETWORKS opens them.",
      requestParams: { header: signatureHeader },
      requestBody: { content: { "application/json": { schema: webhookBodySchema } } },
      responses: { "200": { description: "Received (any 2xx will do)" } },
    },
  },
};
