// The drop-in's importSanitizer (vite.config.ts puts it in place of the notices' own): the allow-html sanitizer
// and DOMPurify are a script chunk beside the drop-in, which a page without allow-html never fetches.
import { loadChunk } from './chunks.js';

/** Loads the allow-html sanitizer as a chunk of the drop-in. */
export function importSanitizer(): Promise<typeof import('../components/session-awareness/notices/sanitize.js')> {
  return loadChunk('sanitize') as Promise<typeof import('../components/session-awareness/notices/sanitize.js')>;
}
