// Apps made from Microsoft's own templates, with the packed NuGet package and nothing but the README's lines, as a
// new user would make them (issue 14). Every .nupkg of the solution is packed under a version of its own
// (0.1.0-ci.<time>, so NuGet's cache can never serve a stale one) into .pack/nuget, a local folder feed; then for each
// kind of app:
//
//   dotnet new <template> [--auth Individual] -o .template-apps/<name>
//   dotnet add package SessionAwareness.AspNetCore --version <that version> (from the folder feed)
//   the README's lines for that kind of app, applied where the README says (see below)
//   dotnet publish -c Release -o .template-apps/<name>/publish   (what a server runs: the package's static web assets
//                                                                 are served from the published output only)
//
// The README marks each block a template app takes with an HTML comment just before it, invisible on GitHub:
//
//   <!-- template-apps: {"apps": ["webapp", "mvc"], "file": "Program.cs", "before": "var app = builder.Build();"} -->
//   ```csharp
//   builder.Services.AddSessionAwareness();
//   ```
//
// "file" is the app's file (or one per app: {"webapp": "Pages/…", "mvc": "Views/…"}); "before" / "after" a line of it
// that contains that text (the first one), or "replace" that text. The block's lines go in as they are. So the tests
// run exactly what the README says: a README line that stops working fails them. `dotnet new web` has no sign-in at
// all: its ordinary cookie sign-in (a /login form, /logout, a page for signed-in users) comes from test/templates/web/
// first, as the app's own code would.
//
//   node scripts/templates.mjs               pack, then make and build every app
//   node scripts/templates.mjs webapp mvc    only those
//
// Prints one `template app <name>: ok|FAILED` line per app and exits non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './server.mjs';

/** Every kind of app the tests make, with its template and what the tests need to know of its pages. */
export const templateApps = [
  { name: 'web', template: 'web', auth: false },
  { name: 'webapp', template: 'webapp', auth: true },
  { name: 'mvc', template: 'mvc', auth: true },
  { name: 'blazor', template: 'blazor', auth: true },
];

/** Where the apps are made (not committed). */
export const templateAppsRoot = join(repoRoot, '.template-apps');
/** The local folder feed of the packed .nupkg files. */
export const packageFeed = join(repoRoot, '.pack', 'nuget');
/** Every package of the solution goes into the feed; the apps take the library from it. */
const libraryProjects = [
  'server/SessionAwareness.AspNetCore/SessionAwareness.AspNetCore.csproj',
  'server/SessionAwareness.AspNetCore.StackExchangeRedis/SessionAwareness.AspNetCore.StackExchangeRedis.csproj',
  'server/SessionAwareness.AspNetCore.Specification.Tests/SessionAwareness.AspNetCore.Specification.Tests.csproj',
];
const libraryPackage = 'SessionAwareness.AspNetCore';

const sh = (command, cwd) => {
  console.log(`$ (${relative(repoRoot, cwd) || '.'}) ${command}`);
  return spawnSync(command, { cwd, shell: true, stdio: 'inherit', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } }).status === 0;
};

/** A version no build before this one had: NuGet caches packages by id and version, for good. */
export function uniqueVersion(now = new Date()) {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `0.1.0-ci.${stamp}`;
}

/** `dotnet pack` of the library (run `npm run build` first: the package carries the widget) into the folder feed. */
export function packLibrary(version = uniqueVersion()) {
  rmSync(packageFeed, { recursive: true, force: true });
  mkdirSync(packageFeed, { recursive: true });
  for (const project of libraryProjects) {
    if (!sh(`dotnet pack "${project}" -c Release -nologo -v quiet -p:Version=${version} -o "${packageFeed}"`, repoRoot)) return undefined;
  }
  return version;
}

/** The README's blocks for `app`, in the README's order: `{ file, before?, after?, replace?, text }`. */
export function readmeBlocks(app, readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')) {
  const blocks = [];
  const marker = /<!--\s*template-apps:\s*(\{.*?\})\s*-->\s*\n```[^\n]*\n([\s\S]*?)\n```/g;
  for (const [, json, text] of readme.matchAll(marker)) {
    const spec = JSON.parse(json);
    // "file" is one path for every app, or one per app (Razor Pages and MVC keep the same file in different folders).
    if (spec.apps.includes(app)) blocks.push({ ...spec, file: typeof spec.file === 'string' ? spec.file : spec.file[app], text });
  }
  return blocks;
}

/** Puts one README block into the app's file where it says; throws if the place is not there. */
export function applyBlock(folder, block) {
  const path = join(folder, block.file);
  const content = readFileSync(path, 'utf8');
  const anchor = block.before ?? block.after ?? block.replace;
  const at = content.indexOf(anchor);
  if (anchor === undefined || at < 0) throw new Error(`README block for ${block.file}: "${anchor}" is not in the template's file`);
  let next;
  if (block.replace !== undefined) {
    next = content.slice(0, at) + block.text + content.slice(at + anchor.length);
  } else {
    const lineStart = content.lastIndexOf('\n', at) + 1;
    const lineEnd = content.indexOf('\n', at) === -1 ? content.length : content.indexOf('\n', at) + 1;
    const indent = /^\s*/.exec(content.slice(lineStart))[0];
    const lines = block.text
      .split('\n')
      .map((line) => (line ? indent + line : line))
      .join('\n');
    next = block.before !== undefined
      ? content.slice(0, lineStart) + lines + '\n' + content.slice(lineStart)
      : content.slice(0, lineEnd) + lines + '\n' + content.slice(lineEnd);
  }
  writeFileSync(path, next);
}

/** A nuget.config beside the apps: the folder feed (a relative path) on top of the machine's own sources. */
function writeNugetConfig() {
  mkdirSync(templateAppsRoot, { recursive: true });
  writeFileSync(
    join(templateAppsRoot, 'nuget.config'),
    `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="session-awareness-local" value="../.pack/nuget" />
  </packageSources>
</configuration>
`,
  );
}

/** Makes and builds one app; true if it built. */
export function buildTemplateApp(app, version) {
  const folder = join(templateAppsRoot, app.name);
  rmSync(folder, { recursive: true, force: true });
  writeNugetConfig();
  const made = sh(`dotnet new ${app.template}${app.auth ? ' --auth Individual' : ''} --no-restore -o "${folder}" -n TemplateApp${app.name}`, repoRoot);
  if (!made) return false;
  if (!app.auth) cpSync(join(repoRoot, 'test', 'templates', app.name), folder, { recursive: true });
  try {
    const blocks = readmeBlocks(app.name);
    if (blocks.length === 0) throw new Error(`the README has no block for ${app.name}`);
    for (const block of blocks) applyBlock(folder, block);
  } catch (error) {
    console.log(`template app ${app.name}: ${error.message}`);
    return false;
  }
  const ok =
    sh(`dotnet add package ${libraryPackage} --version ${version}`, folder) &&
    sh('dotnet publish -c Release -nologo -v quiet -o publish', folder);
  console.log(`template app ${app.name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

/** The version the last `buildTemplateApps` used, for the tests to check they run what was built. */
export const builtVersionFile = join(templateAppsRoot, 'version.txt');

/** Packs, then makes and builds the named apps (all by default). Returns the names that built. */
export function buildTemplateApps(names = templateApps.map((app) => app.name)) {
  const version = packLibrary();
  if (!version) return [];
  const built = templateApps.filter((app) => names.includes(app.name) && buildTemplateApp(app, version)).map((app) => app.name);
  mkdirSync(templateAppsRoot, { recursive: true });
  writeFileSync(builtVersionFile, `${version}\n${built.join(',')}\n`);
  return built;
}

/** The published app's entry point and folder (run it with the folder as working directory: its app.db is there). */
export function templateAppDll(name) {
  const folder = join(templateAppsRoot, name, 'publish');
  return { folder, dll: join(folder, `TemplateApp${name}.dll`) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  const wanted = names.length > 0 ? names : templateApps.map((app) => app.name);
  const built = buildTemplateApps(wanted);
  process.exit(built.length === wanted.length ? 0 : 1);
}
