// Entry of the sign-in page's self-contained <script>: defines <session-signed-out-reason> only, so a sign-in
// page does not load the hub client it has no use for.
import '../components/signed-out-reason/define.js';
