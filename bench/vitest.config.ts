import { mergeConfig } from 'vitest/config';
import base from '../vite.config.js';

// Benchmarks that need the element in a real browser with an injected clock.
const config = mergeConfig(base({ mode: 'test', command: 'serve' }), {});
config.test = { ...config.test, include: ['bench/**/*.bench.test.ts'] };
export default config;
