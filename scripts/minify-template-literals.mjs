// A build-only Vite plugin: collapses the whitespace inside the element's css`` and html``
// template literals. Minifiers leave template text alone; without this the drop-in script
// would carry every indentation byte of the styles and templates. Only runs of whitespace
// that contain a line break are touched (they are insignificant in our CSS and between our
// tags), and CSS comments are dropped.

/** @returns {import('vite').Plugin} */
export function minifyTemplateLiterals() {
  return {
    name: 'session-awareness:minify-template-literals',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      const out = code.replace(/\b(css|html)`((?:\\.|\$\{(?:[^{}]|\{[^{}]*\})*\}|[^`\\$]|\$(?!\{))*)`/g, (whole, tag, body) => {
        let text = body;
        if (tag === 'css') {
          text = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*\n\s*/g, ' ').replace(/\s*([{};:,>])\s*/g, '$1').replace(/;}/g, '}');
        } else {
          text = text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
        }
        return `${tag}\`${text.trim()}\``;
      });
      return { code: out, map: null };
    },
  };
}
