// `npm run check`: the strict type check of the app's TypeScript and templates, i.e. one `ngc -p tsconfig.check.json
// --noEmit` (same compiler, same options) that also compiles check/misuse.ts. It passes only when the app has no
// error and every `<!-- expect-error CODE -->` in misuse.ts is followed by a line with exactly that error: Angular
// templates have no @ts-expect-error, and this proves the check still rejects a misuse of the element.
import { formatDiagnostics, performCompilation, readConfiguration } from '@angular/compiler-cli';
import ts from 'typescript';

const config = readConfiguration('tsconfig.check.json');
const { diagnostics } = performCompilation({ rootNames: config.rootNames, options: config.options, emitFlags: config.emitFlags });
const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
/** TS2345, or NG8002 for Angular's own codes (-998002). */
const codeOf = (d) => (d.code < 0 ? `NG${String(-d.code).slice(2)}` : `TS${d.code}`);

const fixture = config.rootNames.find((name) => name.endsWith('/check/misuse.ts'));
const lines = ts.sys.readFile(fixture).split('\n');
const expected = new Map(); // line index of the misuse -> code
lines.forEach((text, i) => {
  const code = /^\s*<!-- expect-error ((?:TS|NG)\d+)/.exec(text)?.[1];
  if (code) expected.set(i + 1, code);
});

const unexpected = errors.filter((d) => {
  if (d.file?.fileName !== fixture || d.start === undefined) return true;
  const line = d.file.getLineAndCharacterOfPosition(d.start).line;
  if (expected.get(line) !== codeOf(d)) return true;
  expected.delete(line);
  return false;
});
const host = { getCurrentDirectory: ts.sys.getCurrentDirectory, getCanonicalFileName: (f) => f, getNewLine: () => '\n' };
if (unexpected.length > 0) console.error(formatDiagnostics(unexpected, host));
for (const [line, code] of expected) console.error(`check/misuse.ts:${line + 1}: expected ${code}, but the check accepted the misuse`);
process.exit(unexpected.length > 0 || expected.size > 0 ? 1 : 0);
