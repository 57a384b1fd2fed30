// npm run build: dist/custom-elements.json and what is generated from it (VS Code and JetBrains editor data,
// React JSX and Vue typings; see custom-elements-manifest.config.mjs), then a JS module beside each typings
// file, so that `import type {} from 'session-awareness/react'` resolves under every resolver.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.mjs';

execFileSync('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
for (const name of ['react-jsx', 'vue']) {
  writeFileSync(join(repoRoot, 'dist', `${name}.js`), '// Types only: see the .d.ts beside this file.\nexport {};\n');
  // The generators import the element classes but not always the event classes the manifest names (e.g.
  // SessionKillResultEvent), and the Vue one imports an event twice when two elements fire it: one import of
  // each name, from the same entry.
  const file = join(repoRoot, 'dist', `${name}.d.ts`);
  const entryImport = /import type \{([^}]*)\} from "\.\/types\/index\.js";\n/;
  let typings = readFileSync(file, 'utf8');
  const imported = (entryImport.exec(typings)?.[1] ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  typings = typings.replace(entryImport, '');
  const names = [...new Set([...imported, ...(typings.match(/\bSession\w*Event\b/g) ?? [])])].sort();
  if (name === 'vue') {
    // The generator types every handler as CustomEvent<X>; these events are X itself (Event subclasses with
    // their own fields, no `detail`).
    typings = typings.replace(/CustomEvent<(Session\w*Event)>/g, '$1');
  }
  if (name === 'react-jsx') {
    // The generator's `ref` takes the element or a callback only; React 19's refs are also objects (useRef) and
    // callbacks that get null on unmount and may return a cleanup.
    typings = typings.replace(
      'ref?: (T | ((e: T) => void)) | undefined;',
      'ref?: { current: T | null } | ((element: T | null) => void | (() => void)) | null | undefined;',
    );
  }
  writeFileSync(file, `import type { ${names.join(', ')} } from "./types/index.js";\n${typings}`);
}
