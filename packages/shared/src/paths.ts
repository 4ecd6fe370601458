import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's prisma/ folder (schemas and migrations of both databases). */
export const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma");
