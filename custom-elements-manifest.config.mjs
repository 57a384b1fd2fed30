// `cem analyze` (npm run build): dist/custom-elements.json from the three elements' sources and JSDoc, and,
// generated from it, editor data (VS Code, JetBrains) and framework typings (React JSX, Vue).
import { jsxTypesPlugin } from '@wc-toolkit/jsx-types';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { customElementVuejsPlugin } from 'custom-element-vuejs-integration';

// The generated typings import the element classes from the package entry, whose types are dist/types.
const fromPackage = { globalTypePath: './types/index.js' };

export default {
  globs: ['src/session-awareness.ts', 'src/session-list.ts', 'src/signed-out/signed-out-reason.ts', 'src/events.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: true,
  plugins: [
    customElementVsCodePlugin({ outdir: 'dist', htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json', hideLogs: true }),
    customElementJetBrainsPlugin({ outdir: 'dist', fileName: 'web-types.json', hideLogs: true }),
    jsxTypesPlugin({ outdir: 'dist', fileName: 'react-jsx.d.ts', ...fromPackage, hideLogs: true }),
    customElementVuejsPlugin({ outdir: 'dist', fileName: 'vue.d.ts', ...fromPackage, hideLogs: true }),
  ],
};
