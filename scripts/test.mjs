// npm test: builds what the tests need, runs the suites (component tests in Chromium,
// server rendering in plain Node, end-to-end tests against the real server, C# tests), and prints the totals
// as `tests: N passed, N failed`. Exits non-zero if anything failed or did not run.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server.mjs';
import { buildExample, exampleNames, pack } from './examples.mjs';
import { buildTemplateApps, templateApps } from './templates.mjs';
import { reportDocSamples } from './doc-samples.mjs';

const results = join(repoRoot, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const run = (title, command, env = {}) => {
  console.log(`\n=== ${title}: ${command}`);
  const { status } = spawnSync(command, { cwd: repoRoot, shell: true, stdio: 'inherit', env: { ...process.env, ...env } });
  return status === 0;
};

// arethetypeswrong's verdict, read from its JSON report rather than its exit status: one CI run saw it exit 1 after
// printing a clean report (not reproduced in 20 runs here). The report decides; an odd exit status is printed.
function attwFindsNothing() {
  console.log('\n=== package: arethetypeswrong (ESM-only profile): npx attw --pack . --profile esm-only --format json');
  const { status, signal, stdout, stderr } = spawnSync('npx attw --pack . --profile esm-only --format json', {
    cwd: repoRoot,
    shell: true,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (stderr) process.stderr.write(stderr);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    console.log(`attw printed no report (exit ${status}, signal ${signal}):\n${stdout.slice(0, 2000)}`);
    return false;
  }
  // The ESM-only profile ignores the node10 and node16-from-CJS resolutions (the package is ESM only).
  const ignored = new Set(['node10', 'node16-cjs']);
  const problems = (report.analysis?.problems ?? []).filter((problem) => !ignored.has(problem.resolutionKind));
  for (const problem of problems) console.log(`attw: ${problem.kind} ${problem.entrypoint ?? ''} ${problem.resolutionKind ?? ''}`);
  if (!report.analysis?.types) console.log('attw: the package has no types');
  const clean = problems.length === 0 && Boolean(report.analysis?.types);
  console.log(`attw: ${clean ? 'no problems' : `${problems.length} problem(s)`} (exit ${status}${signal ? `, signal ${signal}` : ''})`);
  return clean;
}

const totals = { passed: 0, failed: 0 };
const problems = [];
// The names of failed tests, repeated just above the totals: CI keeps only the end of the output.
const failedNames = [];
const count = (suite, passed, failed) => {
  console.log(`--- ${suite}: ${passed} passed, ${failed} failed`);
  totals.passed += passed;
  totals.failed += failed;
};

if (!run('build widget', 'npm run --silent build') || !run('build server', 'npm run --silent build:server')) {
  problems.push('build failed');
} else {
  // C# formatting by the root .editorconfig: `dotnet format whitespace` in folder mode reads the files only (no
  // restore, no compilation: ~5 s). Code style and the analyzers need no step of their own, as every build enforces
  // them (EnforceCodeStyleInBuild, warnings as errors: server/Directory.Build.props); `dotnet format style` and
  // `analyzers` would compile everything again for ~45 s of CPU each. One test per check.
  {
    const checks = [
      [
        'dotnet format whitespace',
        "dotnet format whitespace --folder --verify-no-changes --include server/ demo/ samples/ bench/ --exclude '**/bin/' '**/obj/'",
      ],
    ];
    let passed = 0;
    for (const [title, command] of checks) {
      if (run(`lint (.NET): ${title}`, command)) passed++;
      else failedNames.push(`lint (.NET): ${title}`);
    }
    count('lint (.NET)', passed, checks.length - passed);
  }

  // ESLint (typescript-eslint with types, lit, wc, import-x), Prettier's check, and import cycles in src/ counting
  // type-only imports (scripts/import-cycles.mjs). One test each; after the build, as test/types and demo/esm import
  // the built package's typings. They start now and run beside the suites that follow up to the end-to-end tests
  // (ESLint takes one core for most of a minute; CI's 20 minutes are tight), each writing to a file of its own (the
  // suites in between block this process, so a pipe would fill); their results are read before the end-to-end tests,
  // which must have the machine to themselves.
  const lintChecks = [
    ['eslint', 'npx eslint .'],
    ['prettier --check', 'npx prettier --check .'],
    ['import cycles in src/', 'node scripts/import-cycles.mjs src'],
  ];
  const lintRuns = lintChecks.map(
    ([title, command], index) =>
      new Promise((done) => {
        const outputFile = join(results, `lint-${index}.txt`);
        const output = openSync(outputFile, 'w');
        const child = spawn(command, { cwd: repoRoot, shell: true, stdio: ['ignore', output, output] });
        child.on('close', (status) => {
          closeSync(output);
          done({ title, command, status, output: readFileSync(outputFile, 'utf8') });
        });
      }),
  );
  const reportLint = async () => {
    let passed = 0;
    for (const { title, command, status, output } of await Promise.all(lintRuns)) {
      console.log(`\n=== lint: ${title}: ${command}`);
      process.stdout.write(output);
      if (status === 0) passed++;
      else failedNames.push(`lint: ${title}`);
    }
    count('lint', passed, lintChecks.length - passed);
  };

  // Every C# test project of the solution (the library's, the demo's, the Identity sample's) writes its own .trx;
  // the counts are added up. The Redis tests start their own redis-server. They build and run in the background
  // from here, beside the component, package and example suites (none of which builds .NET), and are awaited before
  // the first suite that does (doc samples compile against the library; the template apps pack it): this keeps
  // CI well inside its 20 minutes.
  const serverOutput = join(results, 'server.txt');
  const serverRun = new Promise((done) => {
    const output = openSync(serverOutput, 'w');
    const child = spawn(`dotnet test session-awareness.slnx -c Release -nologo --logger trx --results-directory "${results}"`, {
      cwd: repoRoot,
      shell: true,
      stdio: ['ignore', output, output],
    });
    child.on('close', (status) => {
      closeSync(output);
      done(status === 0);
    });
  });
  const reportServer = async () => {
    const serverOk = await serverRun;
    console.log(`\n=== server tests (xunit): dotnet test session-awareness.slnx -c Release`);
    process.stdout.write(readFileSync(serverOutput, 'utf8'));
    try {
      const reports = readdirSync(results).filter((name) => name.endsWith('.trx'));
      if (reports.length === 0) throw new Error('no .trx');
      let passed = 0;
      let failed = 0;
      for (const report of reports) {
        const xml = readFileSync(join(results, report), 'utf8');
        const counters = /<Counters\b[^>]*>/.exec(xml)[0];
        const attr = (name) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(counters)?.[1] ?? 0);
        passed += attr('passed');
        failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
        for (const match of xml.matchAll(/<UnitTestResult\b[^>]*\btestName="([^"]*)"[^>]*\boutcome="(?:Failed|Error|Timeout|Aborted)"/g))
          failedNames.push(`server: ${match[1]}`);
      }
      count('server', passed, failed);
      if (!serverOk && failed === 0) problems.push('dotnet test exited non-zero');
    } catch {
      problems.push('server tests produced no report');
    }
  };

  const componentOk = run(
    'component tests (Chromium)',
    `npx vitest run --reporter=default --reporter=json --outputFile=${join(results, 'vitest.json')}`,
  );
  try {
    const report = JSON.parse(readFileSync(join(results, 'vitest.json'), 'utf8'));
    count(
      'component',
      report.numPassedTests,
      report.numFailedTests +
        (report.numTotalTests - report.numPassedTests - report.numFailedTests - (report.numPendingTests ?? 0) - (report.numTodoTests ?? 0)),
    );
    for (const file of report.testResults ?? [])
      for (const test of file.assertionResults ?? [])
        if (test.status === 'failed')
          failedNames.push(
            `component: ${test.fullName}: ${String(test.failureMessages?.[0] ?? '')
              .split('\n')[0]
              .slice(0, 300)}`,
          );
    if (!componentOk && report.numFailedTests === 0) problems.push('vitest exited non-zero');
  } catch {
    problems.push('component tests produced no report');
  }

  // Plain Node, no DOM: the built package imports (each entry alone) and server-renders; its typings hold the public
  // API only; an app built with Vite from one entry ships that element alone (node:test, TAP counts).
  {
    console.log('\n=== package and server-rendering tests (plain Node): node --test test/ssr/ test/package/');
    const { status, stdout } = spawnSync('node', ['--test', '--test-reporter=tap', 'test/ssr/', 'test/package/'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    process.stdout.write(stdout);
    const tally = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(stdout)?.[1] ?? NaN);
    if (Number.isNaN(tally('pass'))) problems.push('package and server-rendering tests produced no report');
    else {
      count('node (ssr, package)', tally('pass'), tally('fail') + tally('cancelled'));
      if (tally('skipped') + tally('todo') > 0) problems.push('package or server-rendering tests skipped');
      for (const match of stdout.matchAll(/^\s*not ok \d+ - (.*)$/gm)) failedNames.push(`node: ${match[1]}`);
      if (status !== 0 && tally('fail') === 0) problems.push('node --test exited non-zero');
    }
  }

  // The package as published: typings for React, Vue and Svelte type-check (each with a deliberate misuse that must
  // fail), and publint and arethetypeswrong find nothing. One test each.
  {
    /** @type {Array<[string, string | (() => boolean)]>} */
    const checks = [
      ['React 19 JSX typings', 'npx tsc -p test/types/react/tsconfig.json'],
      ['Vue GlobalComponents typings', 'npx tsc -p test/types/vue/tsconfig.json'],
      ['Svelte 5 SvelteHTMLElements typings', 'npx tsc -p test/types/svelte/tsconfig.json'],
      ['publint', 'npx publint --strict'],
      ['arethetypeswrong (ESM-only profile)', attwFindsNothing],
    ];
    let passed = 0;
    for (const [title, command] of checks) {
      if (typeof command === 'function' ? command() : run(`package: ${title}`, command)) passed++;
      else failedNames.push(`package: ${title}`);
    }
    count('package', passed, checks.length - passed);
  }

  // The framework examples install the packed package (npm pack's tarball), type-check strictly and build; the
  // end-to-end tests then drive each one against the real server. One test per example.
  {
    console.log('\n=== framework examples: npm pack, then npm ci + the tarball, check, build in examples/<name>');
    const packed = pack();
    let passed = 0;
    for (const name of exampleNames) {
      if (packed && buildExample(name)) passed++;
      else failedNames.push(`example: ${name}`);
    }
    count('examples', passed, exampleNames.length - passed);
  }

  await reportServer();

  // Every fenced code block of README.md, CONTRIBUTING.md and docs/*.md: type-checked against the built package,
  // compiled against the library, or checked against the manifest and package.json (scripts/doc-samples.mjs). One
  // test per block.
  {
    console.log('\n=== doc samples: node scripts/doc-samples.mjs');
    const results = await reportDocSamples();
    for (const { name, ok, problems } of results) if (!ok) failedNames.push(`doc sample: ${name}: ${problems[0]?.slice(0, 300) ?? ''}`);
    const passed = results.filter((result) => result.ok).length;
    count('doc samples', passed, results.length - passed);
  }

  // Apps from Microsoft's templates (web, webapp, mvc, blazor) with the packed .nupkg and the README's lines; the
  // end-to-end tests then drive each one. One test per app built.
  {
    console.log("\n=== template apps: dotnet pack, then dotnet new + the README's lines + dotnet build in .template-apps/<name>");
    const built = buildTemplateApps();
    for (const app of templateApps) if (!built.includes(app.name)) failedNames.push(`template app: ${app.name}`);
    count('template apps', built.length, templateApps.length - built.length);
  }

  await reportLint();

  const e2eOk = run('end-to-end tests (Playwright + ASP.NET Core)', 'npx playwright test --reporter=list,json', {
    PLAYWRIGHT_JSON_OUTPUT_NAME: join(results, 'playwright.json'),
  });
  try {
    const { stats, suites } = JSON.parse(readFileSync(join(results, 'playwright.json'), 'utf8'));
    const walk = (suite) => {
      for (const spec of suite.specs ?? [])
        for (const test of spec.tests ?? [])
          if (test.status === 'unexpected' || test.status === 'flaky') {
            const error = test.results?.find((result) => result.error)?.error?.message ?? '';
            failedNames.push(`e2e (${test.status}): ${spec.file}: ${spec.title}: ${error.split('\n')[0].slice(0, 300)}`);
          }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of suites ?? []) walk(suite);
    count('e2e', stats.expected, stats.unexpected + stats.flaky);
    if (stats.skipped) problems.push(`${stats.skipped} e2e test(s) skipped`);
    if (!e2eOk && stats.unexpected === 0) problems.push('playwright exited non-zero');
  } catch {
    problems.push('e2e tests produced no report');
  }
}

console.log('');
for (const name of failedNames) console.log(`failed: ${name}`);
for (const problem of problems) console.log(`problem: ${problem}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && problems.length === 0 && totals.passed > 0 ? 0 : 1);
