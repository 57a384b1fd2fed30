import { build } from 'vite';
import { gzipSync } from 'node:zlib';
const mode = process.argv[2];
const out = await build({ configFile: '/work/main/vite.config.ts', mode, logLevel: 'silent', build: { write: false } });
const chunks = (Array.isArray(out) ? out : [out]).flatMap((r) => r.output).filter((c) => c.type === 'chunk');
for (const c of chunks) {
  console.log(`== ${c.fileName} total gz ${gzipSync(c.code,{level:9}).length}`);
  const rows = Object.entries(c.modules).map(([id, m]) => [id.replace('/work/main/', '').replace(/.*node_modules\//, 'nm:'), m.renderedLength, m.code ? gzipSync(m.code,{level:9}).length : 0]).filter(r=>r[1]>0).sort((a,b)=>b[2]-a[2]);
  for (const r of rows.filter(r=>!r[0].startsWith('nm:')).slice(0, 40)) console.log(String(r[2]).padStart(6), String(r[1]).padStart(7), r[0]);
}
