// Prints and writes the Subresource Integrity hash of each drop-in script (dist/*.min.js → dist/*.min.js.sri),
// for a <script integrity="…" crossorigin="anonymous"> tag. Run by npm run build.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.mjs';

const dist = join(repoRoot, 'dist');
for (const file of readdirSync(dist).filter((name) => name.endsWith('.min.js'))) {
  const integrity = `sha384-${createHash('sha384')
    .update(readFileSync(join(dist, file)))
    .digest('base64')}`;
  writeFileSync(join(dist, `${file}.sri`), `${integrity}\n`);
  console.log(`SRI dist/${file}: ${integrity}`);
}
