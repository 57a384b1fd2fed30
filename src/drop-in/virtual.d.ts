// Modules the drop-in build makes (vite.config.ts, dropInChunks()).

declare module 'virtual:session-awareness/drop-in-chunks' {
  /** Each chunk of the drop-in: its file, relative to the first script, and its Subresource Integrity hash. */
  export const chunks: Readonly<Record<import('./chunks.js').ChunkName, { readonly file: string; readonly integrity: string }>>;
}

declare module 'virtual:session-awareness/drop-in-shared' {
  /** The first script's modules that its chunks import, by path under the repository ("src/internal/hub-element.ts") or package specifier ("lit"). */
  export const shared: Readonly<Record<string, object>>;
}
