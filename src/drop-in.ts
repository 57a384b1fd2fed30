// Entry of the self-contained <script> build: defines the three elements and, when its own
// <script> tag carries data-hub-url, mounts one configured from the tag.
import './session-awareness.js';
import './session-list.js';
import { mountFromScript } from './mount.js';

// currentScript is only set while a classic script runs its top level, which is now.
mountFromScript(document.currentScript);
