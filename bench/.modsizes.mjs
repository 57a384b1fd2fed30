import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
const root = '/work/main';
const folder = mkdtempSync(join(root, 'bench', '.sizes-'));
const entry = join(folder, 'entry.js');
writeFileSync(entry, process.argv[2] ?? `import { SessionAwareness } from '${root}/src/index.ts'; globalThis.__app = SessionAwareness;`);
const out = await build({ configFile: join(root,'vite.config.ts'), mode: 'sizes', logLevel: 'silent', root: folder, build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: ['es'], fileName: () => 'e.js' }, rollupOptions: { external: [] } } });
rmSync(folder, { recursive: true, force: true });
const chunks = (Array.isArray(out) ? out : [out]).flatMap((r) => r.output).filter((c) => c.type === 'chunk');
for (const c of chunks) {
  console.log(`== ${c.fileName} ${c.isEntry?'entry':'lazy'} total gz ${gzipSync(c.code,{level:9}).length}`);
  const rows = Object.entries(c.modules).map(([id, m]) => [id.replace(root + '/', '').replace(/.*node_modules\//, 'nm:'), m.renderedLength, m.code ? gzipSync(m.code,{level:9}).length : 0]).filter(r=>r[1]>0).sort((a,b)=>b[2]-a[2]);
  let ownRaw=0, ownGz=0; for (const r of rows) if (!r[0].startsWith('nm:')) { ownRaw+=r[1]; ownGz+=r[2]; }
  for (const r of rows.slice(0, 60)) console.log(String(r[2]).padStart(6), String(r[1]).padStart(7), r[0]);
  console.log('own raw', ownRaw, 'own gz(sum of separate)', ownGz);
}
