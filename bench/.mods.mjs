import { buildApp } from '../scripts/app-bundle.mjs';
import { gzipSync } from 'node:zlib';
const chunks = await buildApp(`import '/work/main/src/components/session-awareness/define.ts';\n`);
const c = chunks[0];
console.log('entry gz', gzipSync(c.code,{level:9}).length);
const rows = Object.entries(c.modules).map(([id, m]) => [id.replace('/work/main/', ''), m.renderedLength, m.code ? gzipSync(m.code,{level:9}).length : 0]).filter(r=>r[1]>0 && !r[0].includes('node_modules')).sort((a,b)=>b[2]-a[2]);
for (const r of rows) console.log(String(r[2]).padStart(6), String(r[1]).padStart(7), r[0]);
