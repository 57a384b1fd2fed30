// `cem analyze` (npm run build): dist/custom-elements.json from the three elements' sources and JSDoc, and,
// generated from it, editor data (VS Code, JetBrains) and React JSX typings (scripts/manifest.mjs writes the Vue
// typings from the same manifest).
import { jsxTypesPlugin } from '@wc-toolkit/jsx-types';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';

import { readFileSync } from 'node:fs';

// The generated typings import the element classes from the package entry, whose types are dist/types.
const fromPackage = { globalTypePath: './types/index.js' };

// Each element's class, its define file (where the analyzer learns the tag name) and the hub elements' base class.
const sources = [
  'src/components/session-awareness/session-awareness.ts',
  'src/components/session-list/session-list.ts',
  'src/components/signed-out-reason/signed-out-reason.ts',
  'src/internal/hub-element.ts',
];
const defines = [
  'src/components/session-awareness/define.ts',
  'src/components/session-list/define.ts',
  'src/components/signed-out-reason/define.ts',
];

// Internal reactive state (`{ state: true }` in an element's static properties): the analyzer records it as an
// attribute, and the framework typings would then offer it as a prop that overwrites the element's state.
// Members declared private or protected (the analyzer reports an inherited one as public) are internal too.
const internalState = new Set(
  sources.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [
      ...[...text.matchAll(/^\s+(\w+): \{[^}\n]*\bstate: true/gm)].map((match) => match[1]),
      ...[...text.matchAll(/^\s+(?:declare )?(?:private|protected) (?:readonly |async |override )*(\w+)/gm)].map((match) => match[1]),
    ];
  }),
);

/**
 * Runs before the plugins that generate editor data and typings: keeps the public API only. It drops attributes
 * and members that are internal state or private (`lang` is the native attribute, observed by a private field),
 * and events the analyzer guessed from `dispatchEvent(new XEvent(argument))` calls (named after the argument):
 * every real event of these elements is named `session-…` and documented with `@fires`. Read-only getters go too:
 * the generated typings would offer them as props, and React or Vue setting one would throw (the README
 * documents them).
 */
const publicApiOnly = {
  name: 'session-awareness-public-api-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        // The hub elements' base class is not an element of its own: no tag, no typings.
        if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
        if (!declaration.customElement) continue;
        const isInternal = (name) =>
          internalState.has(name) ||
          (declaration.members ?? []).some(
            (member) => member.name === name && (member.privacy === 'private' || member.privacy === 'protected'),
          );
        declaration.attributes = (declaration.attributes ?? []).filter((attribute) => !isInternal(attribute.fieldName ?? attribute.name));
        declaration.members = (declaration.members ?? []).filter(
          (member) =>
            !isInternal(member.name) &&
            !member.readonly &&
            !member.name.startsWith('#') &&
            member.privacy !== 'private' &&
            member.privacy !== 'protected',
        );
        declaration.events = (declaration.events ?? []).filter(
          (event) => typeof event.name === 'string' && event.name.startsWith('session-'),
        );
      }
    }
  },
};

export default {
  globs: [...sources, ...defines, 'src/events.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: true,
  plugins: [
    publicApiOnly,
    customElementVsCodePlugin({
      outdir: 'dist',
      htmlFileName: 'vscode.html-custom-data.json',
      cssFileName: 'vscode.css-custom-data.json',
      hideLogs: true,
    }),
    customElementJetBrainsPlugin({ outdir: 'dist', fileName: 'web-types.json', hideLogs: true }),
    jsxTypesPlugin({ outdir: 'dist', fileName: 'react-jsx.d.ts', ...fromPackage, hideLogs: true }),
  ],
};
