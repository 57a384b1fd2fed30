// The sign-in page's half: why the user was signed out (for the package entry to re-export).
export * from './sign-out-record.js';
export * from './signed-out-strings.js';
export * from './signed-out-reason.js';
