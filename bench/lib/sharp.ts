import { createRequire } from "node:module";
// Types from the same copy; the workspace root has no sharp of its own.
import type SharpType from "../../apps/worker/node_modules/sharp/lib/index.d.ts";

// sharp is a dependency of the worker, not of the workspace root: load the worker's copy.
const requireFromWorker = createRequire(new URL("../../apps/worker/package.json", import.meta.url));
export const sharp = requireFromWorker("sharp") as typeof SharpType;
