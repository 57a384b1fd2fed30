// A build-only Vite plugin: collapses the whitespace inside the element's css`` and html``
// template literals. Minifiers leave template text alone; without this the drop-in script
// would carry every indentation byte of the styles and templates. The TypeScript parser
// finds the literals (nested ones too); only runs of whitespace that contain a line break
// are touched (they are insignificant in our CSS and between our tags), and CSS comments
// are dropped.
import ts from 'typescript';

function minifyText(tag, text) {
  if (tag === 'css') {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\s*([{};:,>])\s*/g, '$1')
      .replace(/;}/g, '}');
  }
  return text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
}

/** @returns {import('vite').Plugin} */
export function minifyTemplateLiterals() {
  return {
    name: 'session-awareness:minify-template-literals',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !/\b(css|html)`/.test(code)) return null;
      const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
      const edits = [];
      const visit = (node) => {
        if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && (node.tag.text === 'css' || node.tag.text === 'html')) {
          const tag = node.tag.text;
          const template = node.template;
          const parts = ts.isNoSubstitutionTemplateLiteral(template)
            ? [template]
            : [template.head, ...template.templateSpans.map((span) => span.literal)];
          for (const part of parts) {
            // The raw text sits between the opening (` or }) and closing (` or ${) delimiters.
            const start = part.getStart(source) + 1;
            const end = part.getEnd() - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
            edits.push([start, end, minifyText(tag, code.slice(start, end))]);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}
