// `npm start` rebuilds better-sqlite3 for Electron's ABI; tests and the CLI run on Node's. Rebuild for Node only
// when the module doesn't load, so a normal `npm test` pays nothing.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
} catch (err) {
  console.log(`better-sqlite3 does not load in Node (${String(err.message).split('\n')[0]}); rebuilding it for Node...`);
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' });
}
