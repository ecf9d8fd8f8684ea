/** Reading PDFs and binary downloads back in the registers' tests (shared with every area). */
export { getBinary, pdfText, squash } from "../support/pdf.ts";
