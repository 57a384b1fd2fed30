// Entry of the self-contained <script> build: defines <session-awareness> and <session-list> and, when its
// own <script> tag carries data-hub-url, mounts one <session-awareness> configured from the tag.
import '../components/session-awareness/define.js';
import '../components/session-list/define.js';
import { claimDropIn, findDropInScript, mountFromScript } from './mount.js';

// currentScript is set while a classic script runs its top level, which is now; a type="module" script has
// none, so its tag is the one whose src is this very file (see findDropInScript): configuration comes from the
// drop-in's own tag only. A second copy of the script (loaded twice, or as
// two files) mounts nothing and opens nothing: it warns once.
if (claimDropIn(globalThis)) mountFromScript(findDropInScript(globalThis.document));
