/** Reading PDFs and other binary downloads back in tests (pdf.js drops some spaces: compare squashed text). */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Response } from "supertest";
import type { Agent } from "./http.ts";

/** Text without any whitespace. */
export const squash = (t: string) => t.replace(/\s+/g, "");

/** The text of each page, whitespace removed. */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(squash(content.items.map((it) => ("str" in it ? it.str : "")).join("")));
  }
  await doc.destroy();
  return pages;
}

/** All text of the PDF, whitespace removed. */
export async function pdfText(data: Buffer): Promise<string> {
  return (await pdfPages(data)).join("");
}

/** Collects a response body as a Buffer (PDF, xlsx). */
function collect(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on("data", (c: Buffer) => chunks.push(c));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
}

/** GET a binary download. */
export function getBinary(agent: Agent, url: string): Promise<Response> {
  return agent.get(url).buffer(true).parse(collect);
}

/** POST a form (with the CSRF token) that answers with a binary download. */
export function postFormBinary(agent: Agent, url: string, data: Record<string, unknown>): Promise<Response> {
  return agent
    .post(url)
    .type("form")
    .send({ _csrf: agent.token, ...data })
    .buffer(true)
    .parse(collect);
}
