/** Finding lessons in the journal grid the way a teacher does: by the dates in its column headers. */
import type { Page } from "playwright-core";
import { today } from "../../../src/lib/dates.ts";

const DAY = 86_400_000;

/** «23.11» in a column header → the nearest such date to today (the school year spans two calendar years). */
export function headerDate(text: string, now = today()): Date {
  const [d, m] = text.split(".").map(Number) as [number, number];
  let date = new Date(Date.UTC(now.getUTCFullYear(), m - 1, d));
  if (date.getTime() - now.getTime() > 180 * DAY) date = new Date(Date.UTC(now.getUTCFullYear() - 1, m - 1, d));
  if (now.getTime() - date.getTime() > 180 * DAY) date = new Date(Date.UTC(now.getUTCFullYear() + 1, m - 1, d));
  return date;
}

/**
 * On a journal grid page: clicks today's lesson, or else the latest lesson before
 * today (future lessons of the timetable take no marks yet). Returns the lesson id.
 */
export async function openLatestLesson(page: Page): Promise<{ lessonId: number; date: Date }> {
  const links = page.getByRole("main").getByRole("link", { name: /^\d\d\.\d\d$/ });
  const texts = await links.allTextContents();
  const now = today().getTime();
  let best = -1;
  for (let i = 0; i < texts.length; i++) {
    const t = headerDate(texts[i]!).getTime();
    if (t <= now && (best < 0 || t >= headerDate(texts[best]!).getTime())) best = i;
  }
  if (best < 0) throw new Error(`В журнале нет прошедших уроков: ${texts.join(", ")}`);
  const date = headerDate(texts[best]!);
  await links.nth(best).click();
  await page.waitForURL(/\/journal\/lessons\/\d+$/);
  return { lessonId: Number(new URL(page.url()).pathname.split("/").pop()), date };
}
