/**
 * The part of the WebAssembly JS API the engine's kernels use. Node has it at run time, but the engine is
 * typechecked without lib "dom" (the only TypeScript lib that declares it) and @types/node leaves it out.
 */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array)
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number })
    readonly buffer: ArrayBuffer
    grow(pages: number): number
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>)
    readonly exports: Record<string, unknown>
  }
}
