// npm entry `session-awareness`: defines <session-awareness>, <session-list> and <session-signed-out-reason>.
// A page that shows only some of them imports `session-awareness/notices`, `/list` or `/signed-out-reason`.
export * from './notices.js';
export * from './list.js';
export * from './signed-out-reason.js';
export { mountFromScript } from './drop-in/mount.js';
