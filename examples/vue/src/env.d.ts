/// <reference types="vite/client" />
// Template typings of the package's custom elements for vue-tsc (strictTemplates): attributes and properties
// as camelCase props (`hub-url` is checked as `hubUrl`), `@session-notice` as `onSessionNotice` with the
// package's event class.
import type {} from 'session-awareness/vue';
