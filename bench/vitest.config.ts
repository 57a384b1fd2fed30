import { mergeConfig } from 'vitest/config';
import base from '../vite.config.js';

// Benchmarks that need the element in a real browser with an injected clock.
export default mergeConfig(base({ mode: 'test', command: 'serve' }), {
  test: { include: ['bench/**/*.bench.test.ts'] },
});
