/**
 * /api/docs (issue 21): the OpenAPI document as a readable page, rendered on the server (no CDN,
 * no script): every operation with its parameters, body and answers, then every schema. Public,
 * like /api/v1/openapi.json: it describes the API, not anyone's data.
 */
import { Router } from "express";
import { openApiDocument } from "./openapi.ts";
import { API_TEXT } from "./api.text.ts";

export const apiDocsRouter = Router();

interface SchemaLike {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: SchemaLike;
  nullable?: boolean;
  properties?: Record<string, SchemaLike>;
  required?: string[];
  description?: string;
  anyOf?: SchemaLike[];
  oneOf?: SchemaLike[];
}

/** A short type text: «string (date-time)», «array of DiaryWeek», «integer | null». */
export function typeText(s: SchemaLike | undefined): string {
  if (!s) return "";
  if (s.$ref) return s.$ref.split("/").at(-1)!;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) {
    const parts = alt.filter((a) => a.type !== "null").map(typeText);
    return alt.length > parts.length ? `${parts.join(" | ")} | null` : parts.join(" | ");
  }
  const types = Array.isArray(s.type) ? s.type : [s.type ?? "object"];
  const nullable = s.nullable === true || types.includes("null");
  let t = types.filter((x) => x !== "null").join(" | ");
  if (t === "array") t = `array of ${typeText(s.items)}`;
  if (s.format) t += ` (${s.format})`;
  if (s.enum) t += `: ${s.enum.map(String).join(", ")}`;
  return nullable ? `${t} | null` : t;
}

/** The properties of an object schema, nested objects flattened as «a.b». */
export function fieldsOf(s: SchemaLike | undefined, prefix = "", out: { name: string; type: string; required: boolean; description: string }[] = []) {
  if (!s?.properties) return out;
  for (const [name, p] of Object.entries(s.properties)) {
    const full = prefix + name;
    out.push({ name: full, type: typeText(p), required: (s.required ?? []).includes(name), description: p.description ?? "" });
    if (p.properties) fieldsOf(p, `${full}.`, out);
    else if (p.items?.properties) fieldsOf(p.items, `${full}[].`, out);
  }
  return out;
}

apiDocsRouter.get("/api/docs", (_req, res) => {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    (["get", "post"] as const).flatMap((method) => {
      const op = (item as Record<string, unknown>)[method] as
        | {
            summary?: string;
            description?: string;
            tags?: string[];
            parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: SchemaLike }[];
            requestBody?: { content: Record<string, { schema: SchemaLike }> };
            responses: Record<string, { description: string; content?: Record<string, { schema: SchemaLike }> }>;
          }
        | undefined;
      if (!op) return [];
      return [
        {
          id: `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, "-"),
          method: method.toUpperCase(),
          path,
          summary: op.summary ?? "",
          description: op.description ?? "",
          tag: op.tags?.[0] ?? "",
          parameters: (op.parameters ?? []).map((p) => ({ ...p, type: typeText(p.schema) })),
          body: op.requestBody ? typeText(op.requestBody.content["application/json"]?.schema) : null,
          responses: Object.entries(op.responses).map(([status, r]) => ({
            status,
            description: r.description,
            type: typeText(r.content?.["application/json"]?.schema),
          })),
        },
      ];
    }),
  );
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => ({ name, fields: fieldsOf(s as SchemaLike) }));
  res.page("api/docs", { title: API_TEXT.docsTitle, operations, schemas, version: doc.info.version });
});
