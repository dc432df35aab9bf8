// `npm run build`, after tsc: the root help snapshot for the fast start (src/cli/help-snapshot.ts).
import { writeSnapshot } from '../dist/cli/help-snapshot.js';

writeSnapshot();
