import Module, { createRequire } from "node:module";
import type SharpType from "sharp";
import { readSharpSettings } from "./sharp-settings.ts";

/**
 * The one place the worker loads sharp. sharp tries its native addon (libvips
 * built for this platform) and, when that cannot load, `@img/sharp-wasm32`
 * (installed with the worker, at sharp's exact version). On a QNAP ARM NAS
 * whose kernel uses 32 KiB memory pages the prebuilt linux-arm addon does not
 * load ("ELF load command address/offset not page-aligned"), and WebAssembly
 * is what makes images readable at all. This module watches sharp's own
 * fallback, so the worker can say once at start which build runs and why;
 * `SHARP_BUILD=wasm` skips the native addon on purpose (tests, or a native
 * addon that loads but misbehaves).
 */
export type SharpModule = typeof SharpType;

export interface SharpBuild {
  build: "native" | "wasm";
  /** Why the native addon was not used (wasm only). */
  reason?: string;
}

const WASM_PAGE_BYTES = 65_536;

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

function isAddonRequest(request: string): boolean {
  return /(^|[\\/])sharp[^\\/]*\.node$/.test(request);
}

function isWasmRequest(request: string): boolean {
  return request.includes("wasm32");
}

/**
 * WebAssembly.Memory whose `maximum` is capped: the wasm build creates its
 * shared heap once, when it loads, and a shared heap reserves its whole
 * maximum of address space up front.
 */
function cappedMemory(Original: typeof WebAssembly.Memory, maxPages: number): typeof WebAssembly.Memory {
  return new Proxy(Original, {
    construct(target, [descriptor]: [WebAssembly.MemoryDescriptor]) {
      const maximum = descriptor.maximum === undefined ? maxPages : Math.min(descriptor.maximum, maxPages);
      return new target({ ...descriptor, maximum: Math.max(maximum, descriptor.initial) });
    },
  });
}

function loadSharp(): { sharp: SharpModule; loaded: SharpBuild } {
  const { forceWasm, wasmMaxMb } = readSharpSettings(process.env);
  const internals = Module as unknown as ModuleInternals;
  const originalLoad = internals._load;
  const originalMemory = WebAssembly.Memory;
  const failures: string[] = [];
  let wasm = false;
  internals._load = function load(request, parent, isMain) {
    if (!isAddonRequest(request)) return originalLoad.call(this, request, parent, isMain);
    if (!isWasmRequest(request)) {
      if (forceWasm) throw Object.assign(new Error(`${request}: skipped (SHARP_BUILD=wasm)`), { code: "SHARP_BUILD_WASM" });
      try {
        return originalLoad.call(this, request, parent, isMain);
      } catch (error) {
        // Sharp's first try, a locally built addon, is normally absent: not a reason worth reporting.
        // The package's entry re-throws its library's failure: kept once, under the innermost file.
        const message = (error as Error).message.split("\n")[0] ?? "";
        if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" && !failures.some((failure) => failure.endsWith(message)))
          failures.push(`${request}: ${message}`);
        throw error;
      }
    }
    WebAssembly.Memory = cappedMemory(originalMemory, (wasmMaxMb * 1024 * 1024) / WASM_PAGE_BYTES);
    try {
      const addon = originalLoad.call(this, request, parent, isMain);
      wasm = true;
      return addon;
    } finally {
      WebAssembly.Memory = originalMemory;
    }
  };
  try {
    const sharp = createRequire(import.meta.url)("sharp") as SharpModule;
    const reason = forceWasm ? "SHARP_BUILD=wasm" : failures.join("; ") || "the native addon is not installed for this platform";
    return { sharp, loaded: wasm ? { build: "wasm", reason } : { build: "native" } };
  } finally {
    internals._load = originalLoad;
  }
}

const { sharp, loaded } = loadSharp();

export { sharp };

/** Which build of sharp this process runs, and why not the native one. */
export function sharpBuild(): SharpBuild {
  return loaded;
}
