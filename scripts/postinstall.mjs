// One line after `npm install` when Electron's desktop binary is not there, so nobody has to guess what that means.
import { electronStatus } from './electron-status.mjs';

const status = electronStatus();
if (!status.ok) {
  process.stdout.write(
    `aurora-lab: no Electron desktop binary: ${status.reason}. The CLI, \`aurora-lab serve\` and \`npm test\` need none; \`npm start\` opens the UI in your browser instead.\n`,
  );
}
