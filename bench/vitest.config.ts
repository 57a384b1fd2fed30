import base from '../vite.config.js';

// Benchmarks that need the element in a real browser with an injected clock: the widget's test config with the
// benchmarks in place of the component tests.
const config = base({ mode: 'test', command: 'serve' });
export default { ...config, test: { ...config.test, include: ['bench/**/*.bench.test.ts'] } };
