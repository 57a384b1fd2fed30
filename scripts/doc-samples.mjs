// Every fenced code block of README.md, CONTRIBUTING.md, docs/*.md and the other READMEs (the packages', the
// examples', the benchmarks'), checked against what the repository builds, so that a sample in the docs cannot drift
// from the package or the library:
//
//   ts, tsx, js, mjs     type-checked by one `tsc` run (strict) against the built package, imported by name as an app
//                        would (`session-awareness`, `session-awareness/react`, …: the package's self-reference)
//   html, vue, svelte    parsed (html: no parse error); every attribute of <session-awareness>, <session-list> and
//                        <session-signed-out-reason> must be one dist/custom-elements.json names (an attribute, a
//                        property or an event, in the framework's binding syntax); a drop-in <script src> must name
//                        a file of dist/ and take only data-* twins of the element's attributes; every inline
//                        <script type="module"> is type-checked like a js block
//   csharp, cs           compiled in one throwaway project (.doc-samples/cs) that references the library and its Redis
//                        package: a block declaring a type is a file as is, other blocks are a method's body with
//                        `builder`, `app`, `context` (HttpContext), `Request` and `args` in scope (when not declared)
//   cshtml, razor        compiled there as a Razor view / component (plus the element attribute check above; the
//                        components map to their elements)
//   sh                   each command is a script of package.json (`npm run x`), a plain npm install/ci/test, a
//                        `dotnet add package` of one of our packages, an installed `npx` tool, or node/dotnet/bash;
//                        every path it names exists
//   json                 parsed
//   no language          a layout: every path in it exists (indented names are inside the nearest folder above)
//
// and two more tests: every relative link of those files reaches a file and, with #anchor, one of its headings; and
// CONTRIBUTING.md's inventory names every test file (component, e2e, ssr, and every C# *Tests class), so it cannot
// fall behind the tests.
//
// Blocks with a `<!-- template-apps: … -->` marker are also applied to fresh template apps and run end to end by
// scripts/templates.mjs and test/e2e/templates.spec.ts. A block that cannot be checked carries
// `<!-- sample: not checked, <reason> -->` on the line before it; there should be few.
//
//   node scripts/doc-samples.mjs        check every block (run `npm run build` and `npm run build:server` first)
//
// Prints one `doc sample <file>:<line> (<lang>): ok|FAILED …` line per block; exits non-zero if any failed.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseFragment } from 'parse5';
import { repoRoot } from './server.mjs';

/** The Markdown files whose samples are checked: the docs, and the READMEs of the packages, examples and benchmarks. */
export function docFiles() {
  const readmes = (dir) =>
    readdirSync(join(repoRoot, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, dir, entry.name, 'README.md')))
      .map((entry) => `${dir}/${entry.name}/README.md`)
      .sort();
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs, ...readmes('server'), 'bench/README.md', 'examples/README.md', ...readmes('examples')];
}

/** Where the generated sources go (git-ignored; remade on every run). */
const work = join(repoRoot, '.doc-samples');

/** The fenced blocks of one Markdown file: `{ file, line, lang, text, marker }` (`marker`: the HTML comment just before). */
export function extractBlocks(file, markdown = readFileSync(join(repoRoot, file), 'utf8')) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`).test(lines[j]); j++) {
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const marker = k >= 0 ? /^\s*<!--\s*([\s\S]*?)\s*-->\s*$/.exec(lines[k])?.[1] : undefined;
    blocks.push({ file, line: i + 1, lang: lang.toLowerCase(), text: body.join('\n'), marker });
    i = j;
  }
  return blocks;
}

// --- the elements as the manifest describes them ---------------------------------------------------------------

const manifest = () => JSON.parse(readFileSync(join(repoRoot, 'dist', 'custom-elements.json'), 'utf8'));

/** Per tag: its attributes, public properties and events, from dist/custom-elements.json. */
function elementsFromManifest() {
  const elements = new Map();
  for (const module of manifest().modules ?? [])
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      elements.set(declaration.tagName, {
        attributes: new Set((declaration.attributes ?? []).map((attribute) => attribute.name)),
        properties: new Set(
          (declaration.members ?? [])
            .filter((m) => m.kind === 'field' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected')
            .map((m) => m.name),
        ),
        events: new Set((declaration.events ?? []).map((event) => event.name)),
      });
    }
  return elements;
}

// Attributes any element takes, and `theme`, which the elements' styles read (a CSS hook, not a property).
const GLOBAL_ATTRIBUTES = new Set(['id', 'class', 'style', 'lang', 'dir', 'hidden', 'title', 'slot', 'part', 'role', 'tabindex', 'theme']);
const isGlobal = (name) => GLOBAL_ATTRIBUTES.has(name) || name.startsWith('aria-') || name.startsWith('data-');
// What the package's Razor components render.
const COMPONENT_ELEMENTS = {
  sessionawarenesswidget: 'session-awareness',
  sessionlist: 'session-list',
  sessionsignedoutreason: 'session-signed-out-reason',
};
const SCRIPT_ATTRIBUTES = new Set(['src', 'type', 'integrity', 'crossorigin', 'defer', 'async', 'nonce', 'referrerpolicy']);
const kebabToCamel = (name) => name.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());

/**
 * Why an attribute written on `element` (in HTML or a framework's template syntax) names nothing it has, or
 * undefined when it does: a plain attribute must be an attribute; `:x`, `[x]`, `{x}`, `x.prop` may also be a
 * property (camelCase or kebab-case); `@x`, `(x)`, `onx` must be an event.
 */
function unknownAttribute(element, written) {
  const name = written; // as written: a property binding keeps its camelCase
  const lower = written.toLowerCase();
  if (isGlobal(lower)) return undefined;
  const property = (x) => element.properties.has(x) || element.properties.has(kebabToCamel(x)) || element.attributes.has(x.toLowerCase());
  const event = (x) => element.events.has(x);
  let match;
  if ((match = /^(?:@|v-on:)([\w-]+)(?:\.[\w]+)*$/.exec(name)) || (match = /^\(([\w-]+)\)$/.exec(name)))
    return event(match[1]) ? undefined : `no event ${match[1]}`;
  if (
    (match = /^(?::|v-bind:)([\w-]+)(?:\.(?:prop|attr|camel))?$/.exec(name)) ||
    (match = /^\[([\w-]+)\]$/.exec(name)) ||
    (match = /^\{(\w+)\}$/.exec(name))
  )
    return property(match[1]) ? undefined : `no property or attribute ${match[1]}`;
  if ((match = /^on([a-z][\w-]*)$/.exec(name)) && event(match[1])) return undefined;
  if (element.attributes.has(lower)) return undefined;
  return `no attribute ${written}`;
}

// --- checks ------------------------------------------------------------------------------------------------------

/** Attribute problems of the package's elements (and drop-in script tags) in markup; inline module scripts are returned. */
function checkMarkup(block, elements, { strict }) {
  const problems = [];
  const scripts = [];
  const onParseError = strict ? (error) => problems.push(`parse error ${error.code} at line ${error.startLine}`) : undefined;
  // parse5 lower-cases names; the raw source keeps the case a framework's property binding needs.
  const fragment = parseFragment(block.text, { sourceCodeLocationInfo: true, onParseError });
  const distFiles = new Set(readdirSync(join(repoRoot, 'dist')));
  const walk = (node) => {
    const tag = node.tagName;
    if (tag) {
      const location = node.sourceCodeLocation;
      const rawAttributes = (node.attrs ?? []).map((attribute) => {
        const at = location?.attrs?.[attribute.name];
        const raw = at ? block.text.slice(at.startOffset, at.endOffset) : attribute.name;
        return /^[^=\s]+/.exec(raw)?.[0] ?? attribute.name;
      });
      const elementName = elements.has(tag) ? tag : COMPONENT_ELEMENTS[tag];
      if (elementName) {
        for (const written of rawAttributes) {
          const problem = unknownAttribute(elements.get(elementName), written);
          if (problem) problems.push(`<${tag}>: ${problem}`);
        }
      }
      if (tag === 'script') {
        const src = node.attrs.find((attribute) => attribute.name === 'src')?.value;
        if (src !== undefined) {
          const file = src.split(/[?#]/)[0].split('/').pop();
          if (!distFiles.has(file)) problems.push(`<script src="${src}">: dist/ has no ${file}`);
          const own = elements.get('session-awareness');
          for (const { name } of node.attrs) {
            if (SCRIPT_ATTRIBUTES.has(name)) continue;
            const twin = /^data-(.*)$/.exec(name)?.[1];
            if (twin === undefined || !(own.attributes.has(twin) || twin === 'lang' || twin === 'theme'))
              problems.push(`<script>: ${name} is not the data- twin of a <session-awareness> attribute`);
          }
        } else {
          const type = node.attrs.find((attribute) => attribute.name === 'type')?.value;
          const body = (node.childNodes ?? []).map((child) => child.value ?? '').join('');
          if (type === 'module' && body.trim()) scripts.push(body);
          else if (body.trim() && strict) problems.push('inline <script> without type="module": not checked');
        }
      }
    }
    for (const child of node.content?.childNodes ?? []) walk(child);
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(fragment);
  return { problems, scripts };
}

const NPM_COMMANDS = /^npm (?:install|i|ci|test|t)(?:\s+(?:session-awareness(?:@\S+)?|--?[\w-]+))*$/;
const OUR_PACKAGES = new Set([
  'SessionAwareness.AspNetCore',
  'SessionAwareness.AspNetCore.StackExchangeRedis',
  'SessionAwareness.AspNetCore.Specification.Tests',
]);
// Programs a sample may run besides npm: their path arguments must exist.
const PROGRAMS = new Set(['node', 'dotnet', 'bash', 'cd']);

/** Problems of one shell line: a command the repository has, or one of our packages; every path in it exists. */
function checkShellLine(line, scripts) {
  // Environment assignments before the command, and a trailing comment.
  const command = line
    .replace(/\s+#.*$/, '')
    .replace(/^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+/, '')
    .trim();
  if (command === '' || command.startsWith('#')) return undefined;
  let match;
  if ((match = /^npm run (?:--silent )?([\w:-]+)/.exec(command)))
    return match[1] in scripts ? undefined : `package.json has no script ${match[1]}`;
  if (NPM_COMMANDS.test(command)) return undefined;
  if ((match = /^dotnet add package (\S+)/.exec(command)))
    return OUR_PACKAGES.has(match[1]) ? undefined : `${match[1]} is not one of our packages`;
  const [program, ...rest] = command.split(/\s+/);
  if (program === 'npx') {
    if (!existsSync(join(repoRoot, 'node_modules', '.bin', rest[0] ?? ''))) return `npx ${rest[0]}: not installed`;
  } else if (!PROGRAMS.has(program)) return `unknown command: ${command}`;
  // Arguments that look like paths (a slash, or a file name with an extension), outside quoted values.
  const paths = command
    .replace(/"[^"]*"|'[^']*'/g, '')
    .split(/\s+/)
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && !arg.startsWith('/') && (arg.includes('/') || /\.(?:[cm]?js|ts|json|csproj|slnx)$/.test(arg)));
  // A build output (…/bin/…, …/dist/…) is made by a build: its project folder must exist.
  const missing = paths.map((path) => path.split(/\/(?:bin|obj|dist)\//)[0]).filter((path) => !existsSync(join(repoRoot, path)));
  return missing.length ? `${missing.join(', ')}: not in the repository` : undefined;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** Relative links of the checked Markdown files whose file or heading does not exist. */
function brokenLinks() {
  const problems = [];
  for (const file of docFiles()) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    for (const [, target] of text.replace(/```[\s\S]*?```/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split('#');
      const resolved = path ? join(file, '..', path) : file;
      if (!existsSync(join(repoRoot, resolved))) {
        problems.push(`${file}: ${target}: no ${resolved}`);
        continue;
      }
      if (!anchor || !resolved.endsWith('.md')) continue;
      const headings = [...readFileSync(join(repoRoot, resolved), 'utf8').matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]));
      if (!headings.includes(anchor)) problems.push(`${file}: ${target}: no heading #${anchor} in ${resolved}`);
    }
  }
  return problems;
}

/** The test files of the repository: what CONTRIBUTING.md's inventory must name (TS files by name, C# by class). */
function testFiles() {
  const list = (dir, pattern) =>
    existsSync(join(repoRoot, dir))
      ? readdirSync(join(repoRoot, dir), { recursive: true })
          .map(String)
          .filter((f) => pattern.test(f))
      : [];
  const ts = ['test/component', 'test/e2e', 'test/ssr', 'test/package'].flatMap((dir) => list(dir, /^[^/]+\.(?:test|spec)\.m?[jt]s$/));
  const cs = ['server', 'demo/server.Tests', 'samples/identity.Tests']
    .flatMap((dir) => list(dir, /Tests\.cs$/))
    .filter((f) => !/(?:^|\/)(?:bin|obj)\//.test(f) && !f.includes('Specification.Tests/'))
    .map((f) => f.split('/').pop().replace(/\.cs$/, ''));
  return [...ts.map((f) => f.split('/').pop()), ...cs];
}

/** Problems of a layout block: every path in it exists; an indented name is inside the nearest less indented folder. */
function checkLayout(text) {
  const problems = [];
  const folders = []; // [indent, path]
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const indent = /^\s*/.exec(line)[0].length;
    // Paths (a slash inside or at the end) that start a column: at the line's start or after two spaces; prose between
    // them is not looked at.
    const paths = [...line.matchAll(/(?:^\s*|\s{2,})((?:[\w.-]+\/)+(?:[\w.*-]+)?)(?=\s|$)/g)].map((m) => m[1]);
    while (folders.length && folders.at(-1)[0] >= indent) folders.pop();
    const base = indent > 0 && folders.length ? folders.at(-1)[1] : '';
    for (const [index, path] of paths.entries()) {
      const full = index === 0 ? join(base, path) : path;
      if (!existsSync(join(repoRoot, full))) problems.push(`${full} does not exist`);
      if (index === 0 && path.endsWith('/')) folders.push([indent, full]);
    }
  }
  return problems;
}

// --- the two compilers -------------------------------------------------------------------------------------------

/** Runs a program; resolves to its output and exit status (never rejects: a failed build is a result). */
const run = (file, args, env = {}) =>
  new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ stdout, stderr, status: error ? (typeof error.code === 'number' ? error.code : 1) : 0 }),
    );
  });

/** Type-checks the given sources (`{ id, ext, text }`) in one tsc run; resolves to problems per id. */
async function typeCheck(sources) {
  const dir = join(work, 'ts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          moduleDetection: 'force',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          jsx: 'react-jsx',
          strict: true,
          allowJs: true,
          checkJs: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['*'],
      },
      null,
      2,
    ),
  );
  for (const source of sources) writeFileSync(join(dir, `${source.id}.${source.ext}`), source.text);
  const problems = new Map();
  if (sources.length === 0) return problems;
  const { stdout, stderr } = await run('npx', ['tsc', '-p', join(dir, 'tsconfig.json'), '--pretty', 'false']);
  for (const line of `${stdout}\n${stderr}`.split('\n')) {
    const match = /([\w-]+)\.(?:tsx?|m?js)\((\d+),\d+\): error (.*)$/.exec(line);
    if (match) problems.set(match[1], [...(problems.get(match[1]) ?? []), `line ${match[2]}: ${match[3]}`]);
    else if (line.includes('error TS')) problems.set('*', [...(problems.get('*') ?? []), line.trim()]);
  }
  return problems;
}

const CS_USINGS = `global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.Extensions.DependencyInjection;
global using SessionAwareness.AspNetCore;
global using SessionAwareness.AspNetCore.Sessions;
global using SessionAwareness.AspNetCore.Stores;
`;

/**
 * Compiles C# and Razor sources (`{ id, ext, text }`) in one throwaway project referencing the library and its
 * Redis package; returns problems per id (`*` for the project as a whole).
 */
async function compileDotnet(sources) {
  const dir = join(work, 'cs');
  mkdirSync(join(dir, 'Views'), { recursive: true });
  // Alone: no Directory.Build.* or .editorconfig of the repository (the library's analyzers are not the samples').
  for (const name of ['Directory.Build.props', 'Directory.Build.targets']) writeFileSync(join(dir, name), '<Project />\n');
  writeFileSync(join(dir, '.editorconfig'), 'root = true\n');
  writeFileSync(
    join(dir, 'DocSamples.csproj'),
    `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <NoWarn>$(NoWarn);CS1998;CS0219;CS8321;IDE0005</NoWarn>
    <WarningsAsErrors>$(WarningsAsErrors);RZ10012;CS8602;CS8604</WarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../../server/SessionAwareness.AspNetCore/SessionAwareness.AspNetCore.csproj" />
    <ProjectReference Include="../../server/SessionAwareness.AspNetCore.StackExchangeRedis/SessionAwareness.AspNetCore.StackExchangeRedis.csproj" />
  </ItemGroup>
</Project>
`,
  );
  writeFileSync(join(dir, 'Usings.cs'), CS_USINGS);
  writeFileSync(join(dir, '_Imports.razor'), '@using Microsoft.AspNetCore.Components.Web\n@using SessionAwareness.AspNetCore.Components\n');
  for (const source of sources) {
    if (source.ext === 'cs') writeFileSync(join(dir, `${source.id}.cs`), wrapCSharp(source));
    else if (source.ext === 'razor') writeFileSync(join(dir, `${source.id}.razor`), source.text + '\n');
    else writeFileSync(join(dir, 'Views', `${source.id}.cshtml`), source.text + '\n');
  }
  const problems = new Map();
  if (sources.length === 0) return problems;
  const { stdout, stderr, status } = await run(
    'dotnet',
    ['build', join(dir, 'DocSamples.csproj'), '-c', 'Release', '-nologo', '-v', 'quiet', '-clp:NoSummary'],
    {
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      DOTNET_NOLOGO: '1',
    },
  );
  for (const line of `${stdout}\n${stderr}`.split('\n')) {
    if (!line.includes(': error ')) continue;
    const match = /(Sample_[\w]+)\.(?:cs|razor|cshtml)\((\d+),\d+\): error (.*?)(?: \[.*\])?$/i.exec(line);
    const id = match?.[1];
    if (id) problems.set(id, [...(problems.get(id) ?? []), `line ${match[2]}: ${match[3]}`]);
    else problems.set('*', [...(problems.get('*') ?? []), line.trim()]);
  }
  if (status !== 0 && problems.size === 0) problems.set('*', [`dotnet build exited ${status}`]);
  return problems;
}

/** A C# block as a file: as is when it declares a type, else the body of a method with the usual names in scope. */
function wrapCSharp({ id, text }) {
  if (/^\s*(?:(?:public|internal|sealed|static|abstract|partial)\s+)*(?:class|record|interface|struct|enum)\s/m.test(text))
    return text + '\n';
  const scope = [
    ['builder', 'WebApplicationBuilder'],
    ['app', 'WebApplication'],
    ['context', 'HttpContext'],
    ['Request', 'HttpRequest'],
    ['args', 'string[]'],
  ]
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(text) && !new RegExp(`\\bvar ${name}\\b`).test(text))
    .map(([name, type]) => `${type} ${name}`);
  const body = text
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
  return `internal static class ${id}\n{\n    public static async Task Run(${scope.join(', ')})\n    {\n#line 1\n${body.replace(/^ {8}/gm, '')}\n#line default\n    }\n}\n`;
}

// --- the run -----------------------------------------------------------------------------------------------------

/**
 * Checks every block; resolves to `[{ name, ok, problems, skipped? }]` in document order.
 * @returns {Promise<Array<{ name: string; ok: boolean; problems: string[]; skipped?: string }>>}
 */
export async function checkDocSamples() {
  rmSync(join(work, 'ts'), { recursive: true, force: true });
  // The C# project's sources are remade; its obj/ and bin/ stay, so an unchanged build is incremental.
  const cs = join(work, 'cs');
  if (existsSync(cs)) for (const name of readdirSync(cs)) if (name !== 'obj' && name !== 'bin') rmSync(join(cs, name), { recursive: true });
  const elements = elementsFromManifest();
  const { scripts } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const blocks = docFiles().flatMap((file) => extractBlocks(file));
  const ts = [];
  const dotnet = [];
  const results = blocks.map((block) => {
    const id = `Sample_${block.file.replace(/\W/g, '_')}_${block.line}`;
    const result = {
      block,
      name: `${block.file}:${block.line} (${block.lang || 'layout'})`,
      id,
      problems: [],
      ts: [],
      dotnet: [],
      skipped: /** @type {string | undefined} */ (undefined),
    };
    if (block.marker?.startsWith('sample: not checked')) {
      const reason = block.marker.replace(/^sample: not checked,?\s*/, '');
      if (!reason) result.problems.push('an opt-out needs its reason');
      result.skipped = reason;
      return result;
    }
    const markupCheck = (strict) => {
      const { problems, scripts: inline } = checkMarkup(block, elements, { strict });
      result.problems.push(...problems);
      inline.forEach((text, index) => result.ts.push({ id: `${id}_script${index}`, ext: 'js', text }));
    };
    switch (block.lang) {
      case 'ts':
      case 'tsx':
      case 'js':
      case 'mjs':
      case 'jsx':
        result.ts.push({ id, ext: block.lang, text: block.text });
        break;
      case 'html':
        markupCheck(true);
        break;
      case 'vue':
      case 'svelte':
        markupCheck(false);
        break;
      case 'csharp':
      case 'cs':
      case 'c#':
        result.dotnet.push({ id, ext: 'cs', text: block.text });
        break;
      case 'cshtml':
      case 'razor':
        markupCheck(false);
        result.dotnet.push({ id, ext: block.lang, text: block.text });
        break;
      case 'sh':
      case 'shell':
      case 'bash':
        for (const line of block.text.split('\n')) {
          const problem = checkShellLine(line, scripts);
          if (problem) result.problems.push(problem);
        }
        break;
      case 'json':
        try {
          JSON.parse(block.text);
        } catch (error) {
          result.problems.push(error.message);
        }
        break;
      case '':
      case 'text':
        result.problems.push(...checkLayout(block.text));
        break;
      default:
        result.problems.push(`no check for "${block.lang}" blocks: add one, or an opt-out marker with the reason`);
    }
    ts.push(...result.ts);
    dotnet.push(...result.dotnet);
    return result;
  });
  // The two compilers at once: tsc is one thread, the .NET build mostly waits on its compiler server.
  const [tsProblems, dotnetProblems] = await Promise.all([typeCheck(ts), compileDotnet(dotnet)]);
  for (const result of results) {
    for (const source of result.ts) result.problems.push(...(tsProblems.get(source.id) ?? []));
    for (const source of result.dotnet) result.problems.push(...(dotnetProblems.get(source.id) ?? []));
    if (result.ts.length && tsProblems.has('*')) result.problems.push(...tsProblems.get('*'));
    if (result.dotnet.length && dotnetProblems.has('*')) result.problems.push(...dotnetProblems.get('*'));
  }
  results.push({ name: 'links between the docs resolve', problems: brokenLinks() });
  const contributing = readFileSync(join(repoRoot, 'CONTRIBUTING.md'), 'utf8');
  const unnamed = testFiles().filter((file) => !contributing.includes(file));
  results.push({ name: 'CONTRIBUTING.md names every test file', problems: unnamed.map((file) => `${file} is not in the inventory`) });
  return results.map((result) => ({
    name: result.name,
    ok: result.problems.length === 0,
    problems: [...new Set(result.problems)],
    skipped: 'skipped' in result ? result.skipped : undefined,
  }));
}

/** Checks every block and prints one line per block (and its problems); resolves to the results. */
export async function reportDocSamples() {
  const started = Date.now();
  const results = await checkDocSamples();
  for (const { name, ok, problems, skipped } of results) {
    console.log(`doc sample ${name}: ${ok ? (skipped ? `not checked (${skipped})` : 'ok') : 'FAILED'}`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(
    `doc samples: ${results.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s, ${relative(repoRoot, work)}/)`,
  );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit((await reportDocSamples()).every((result) => result.ok) ? 0 : 1);
}
