/**
 * `SHARP_BUILD` and `SHARP_WASM_MAX_MB`, read from the environment by
 * load-sharp.ts: sharp loads when the worker's modules are imported, before
 * the worker's config is parsed (config.ts lists them too, so that a wrong
 * value is named with the others). No imports: nothing else loads with it.
 */

/** Largest WebAssembly heap sharp may grow to, in MB: its wasm build asks for 2 GB, half of a 32-bit address space. */
export const SHARP_WASM_MAX_MB_DEFAULT = 1024;

export interface SharpSettings {
  /** Skip the native addon (SHARP_BUILD=wasm). */
  forceWasm: boolean;
  wasmMaxMb: number;
}

export function readSharpSettings(env: NodeJS.ProcessEnv): SharpSettings {
  const build = env.SHARP_BUILD?.trim() || "auto";
  if (build !== "auto" && build !== "wasm") throw new Error(`SHARP_BUILD must be auto or wasm, not ${JSON.stringify(build)}`);
  const maxMb = env.SHARP_WASM_MAX_MB?.trim() ? Number(env.SHARP_WASM_MAX_MB) : SHARP_WASM_MAX_MB_DEFAULT;
  if (!Number.isInteger(maxMb) || maxMb < 64 || maxMb > 2048)
    throw new Error("SHARP_WASM_MAX_MB must be a whole number of MB from 64 to 2048");
  return { forceWasm: build === "wasm", wasmMaxMb: maxMb };
}
