// Finds import cycles among the modules of a folder (src/ unless given): `node scripts/import-cycles.mjs [dir]`.
// Every relative import counts, type-only and dynamic ones too: the i18n tables that imported their interfaces back
// made a cycle that ESLint's import-x/no-cycle does not see, as it skips type imports. Prints each cycle and exits 1
// if there is one.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { repoRoot } from './server.mjs';

/** The .ts/.mts/.tsx/.js/.mjs files under `dir`, as absolute paths. */
function modulesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(m?ts|tsx|m?js)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The module a relative specifier names: the file itself, or the .ts source of an emitted .js name. */
function resolveRelative(from, specifier) {
  const target = resolve(dirname(from), specifier);
  const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), target.replace(/\.js$/, '.tsx')];
  candidates.push(`${target}.ts`, join(target, 'index.ts'));
  return candidates.find((candidate) => existsSync(candidate) && /\.(m?ts|tsx|m?js)$/.test(candidate));
}

/** Every module's relative imports inside `files` (static, type-only, re-exports, dynamic). */
export function importGraph(files) {
  const inside = new Set(files);
  const graph = new Map();
  for (const file of files) {
    // preProcessFile reads the import list lexically: no program, no type checking, milliseconds per file.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => (fileName.startsWith('.') ? resolveRelative(file, fileName) : undefined))
      .filter((target) => target !== undefined && inside.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one module, or one that imports itself (Tarjan). */
export function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (node) => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node), low.get(target)));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = resolve(repoRoot, process.argv[2] ?? 'src');
  const graph = importGraph(modulesUnder(dir));
  const found = cycles(graph);
  for (const component of found) {
    const names = new Set(component);
    console.log(`import cycle among ${component.length} module(s):`);
    for (const file of component) {
      const into = (graph.get(file) ?? []).filter((target) => names.has(target)).map((target) => relative(repoRoot, target));
      console.log(`  ${relative(repoRoot, file)} → ${into.join(', ')}`);
    }
  }
  console.log(`import cycles in ${relative(repoRoot, dir) || '.'}/: ${found.length} among ${graph.size} modules`);
  process.exit(found.length === 0 ? 0 : 1);
}
