// The browser the other browser tests get: found or unpacked by the tests themselves.
import { describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser";

describe("launchBrowser", () => {
  it("should launch a headless Chromium that runs a page's script", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent("<p id=out></p><script>document.getElementById('out').textContent = String(6 * 7)</script>");
      expect(await page.locator("#out").textContent()).toBe("42");
    } finally {
      await browser.close();
    }
  });
});
