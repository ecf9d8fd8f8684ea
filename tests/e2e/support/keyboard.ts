/** Keyboard-only helpers: reach a control with Tab as a person would, never with a click. */
import type { Locator, Page } from "playwright-core";

/** Presses Tab (or Shift+Tab) until the element is focused; fails if it is not reachable. */
export async function tabTo(page: Page, target: Locator, opts: { max?: number; back?: boolean } = {}): Promise<void> {
  const max = opts.max ?? 400;
  await target.waitFor({ state: "visible" });
  const handle = await target.elementHandle();
  if (!handle) throw new Error("Элемент не найден");
  for (let i = 0; i < max; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(opts.back ? "Shift+Tab" : "Tab");
  }
  const name = await handle.evaluate((el) => el.outerHTML.slice(0, 200));
  throw new Error(`Элемент не достижим клавишей Tab за ${max} нажатий: ${name}`);
}
