// Svelte typings of the package's elements for svelte-check: properties (camelCase), attributes (kebab-case)
// and one `onsession-…` attribute per event, typed with the package's event classes.
import type {} from 'session-awareness/svelte';
