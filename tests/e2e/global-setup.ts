// Says, in words, when the Electron tests will not run (no Electron binary here), so a
// skipped Electron project is never mistaken for a passing one. Runs once before the e2e tests.
import { electronBinary } from './electron-binary';

export default function globalSetup(): void {
  if (!electronBinary()) {
    console.log('NOTE: Electron binary not installed: the Electron tests were NOT run (reported as skipped).');
  }
}
