// Run by tests/support/browser.ts in a child process whose TMPDIR is a fresh staging folder:
// @sparticuz/chromium always unpacks into os.tmpdir(). Prints the browser's path.
import chromium from "@sparticuz/chromium";

process.stdout.write(await chromium.executablePath());
