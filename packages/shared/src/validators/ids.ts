import { z } from "zod";

export const idSchema = z.uuid({ error: "must be a UUID" });
export const idParamsSchema = z.object({ id: idSchema });
