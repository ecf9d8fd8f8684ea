/** Reading PDFs and binary downloads back in the registers' tests. */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Response } from "supertest";
import type { Agent } from "../support/http.ts";

/** All text of the PDF, whitespace removed. */
export async function pdfText(data: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(data), useSystemFonts: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("");
  }
  await doc.destroy();
  return text.replace(/\s+/g, "");
}

export const squash = (t: string) => t.replace(/\s+/g, "");

export function getBinary(agent: Agent, url: string): Promise<Response> {
  return agent.get(url).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => cb(null, Buffer.concat(chunks)));
  });
}
