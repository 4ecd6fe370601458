import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's prisma/ folder (schemas and migrations of both databases). */
export const PRISMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../prisma");

/** The web app's build (apps/web/dist), which the API serves at `/`. */
export const WEB_DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../apps/web/dist");
