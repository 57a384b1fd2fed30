// ESLint (flat config), run by `npm run lint` and the lint suite of `npm test`. Layout is Prettier's job
// (`npm run format`): none of the rule sets below carries a formatting rule, so nothing here fights it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Built, installed or generated. examples/*/ have their own toolchains (Angular, React, Svelte, Vue): the examples
    // suite of `npm test` type-checks and builds each with its own compiler.
    ignores: [
      '**/dist/',
      '**/node_modules/',
      'examples/',
      '.template-apps/',
      '.pack/',
      '.test-results/',
      'test-results/',
      'playwright-report/',
      '**/bin/',
      '**/obj/',
      'bench/results/',
      'bench/.sizes-*/',
      '.doc-samples/',
      // The widget's built scripts, copied in by the .NET build.
      'server/*/wwwroot/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The nearest tsconfig.json: the root one for the widget and its component tests (browser), test/types/*'s and
        // demo/esm's own. The Node side has none; the next block gives it tsconfig.eslint.json.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers and booleans in template literals read naturally in messages and URLs.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => this.close()` as a callback is Lit's and Playwright's idiom; the void result goes nowhere.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `string[]`, but `Array<{ name: string; at: number }>` where the element type is not a plain name.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // An empty string (an unset environment variable, an empty attribute) should fall back as undefined does.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true } }],
      // node:test runs a top-level test() whether or not its promise is awaited.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
    },
  },
  {
    files: [
      'eslint.config.js',
      '*.config.{ts,mjs}',
      'scripts/**',
      'bench/**',
      'test/e2e/**',
      'test/ssr/**',
      'test/package/**',
      'demo/*.ts',
    ],
    languageOptions: { parserOptions: { projectService: false, project: './tsconfig.eslint.json' } },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
    rules: {
      // Plain JS has no annotations (checkJs is off): JSON.parse, page.evaluate and friends give `any`, and these
      // rules would flag every use of it rather than a mistake.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-plus-operands': 'off',
    },
  },
  {
    // Scripts that drive a browser: the functions they hand to page.evaluate / addInitScript run in the page.
    files: ['bench/*.mjs', 'scripts/screenshot.mjs', 'scripts/sign-in.mjs'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['test/**', 'bench/*.test.ts'],
    rules: {
      // A test that meets null fails at once on the TypeError; the `!` states what the test expects.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Fakes stand in for async APIs: `async` turns their throw into a rejection, as the real fetch or hub does.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    rules: {
      // Getters, not static readonly fields: with useDefineForClassFields off (Lit's setting) a static field compiles
      // to a static block, a side effect bundlers must keep, so an event class nobody used stayed in every app.
      '@typescript-eslint/class-literal-property-style': ['error', 'getters'],
    },
  },
  {
    files: ['src/**/*.ts', 'test/component/**/*.ts'],
    rules: {
      // Callbacks in options and view objects are read off them and passed on (`@click=${view.onStay}`): a property
      // signature says they need no `this`, so unbound-method holds without binding them.
      '@typescript-eslint/method-signature-style': ['error', 'property'],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.{ts,tsx,mjs}', 'scripts/**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: {
      // The modules import-x reads to follow imports, and the parser for the TypeScript ones (without these it reads
      // only .js files and finds no cycle among .ts modules).
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      // Imports name the emitted .js file; the source is the .ts beside it.
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.mjs', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: {
      // Cycles through packages cannot come back to this repository, and following them took over half the run's
      // time. This rule skips type-only imports: scripts/import-cycles.mjs checks src/ with them too.
      'import-x/no-cycle': ['error', { maxDepth: Infinity, ignoreExternal: true }],
    },
  },
);
