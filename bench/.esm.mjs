import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
const root = '/work/main';
for (const entry of ['notices', 'list', 'signed-out-reason', 'session-awareness']) {
  const folder = mkdtempSync(join(root, 'bench', '.sizes-'));
  const file = join(folder, 'entry.js');
  writeFileSync(file, `import '${root}/dist/${entry}.js';\n`);
  const out = await build({ configFile: false, logLevel: 'silent', root: folder, build: { write: false, minify: true, target: 'es2022', lib: { entry: file, formats: ['es'], fileName: () => 'e.js' } } });
  rmSync(folder, { recursive: true, force: true });
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((r) => r.output).filter((c) => c.type === 'chunk');
  const main = chunks.find((c) => c.isEntry);
  const own = Object.entries(main.modules).filter(([id]) => !id.includes('node_modules'));
  console.log(entry, 'entry gz', gzipSync(main.code, { level: 9 }).length, 'lazy', chunks.filter((c) => !c.isEntry).map((c) => c.fileName).join(' '));
}
