// sharp is a dependency of the worker, not of the workspace root: the worker's
// loader (its native addon, or the WebAssembly build when that cannot load).
export { sharp } from "../../apps/worker/src/images/load-sharp.ts";
