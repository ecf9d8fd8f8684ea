/**
 * Route discovery for the hostile-input tests: the app's routes from the Express router stack,
 * and the forms, links and query names seen on the pages a signed-in user can reach.
 */
import type { Express } from "express";
import { MOUNTS } from "../../src/modules/index.ts";

export interface RouteDef {
  method: "GET" | "POST";
  pattern: string;
  params: string[];
  regex: RegExp;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every GET/POST route of the app, with the prefixes the modules' routers are mounted on (src/modules/index.ts MOUNTS). */
export function listRoutes(app: Express): RouteDef[] {
  const out: RouteDef[] = [];
  const seen = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const l of stack) {
      if (l.route) {
        const paths = (Array.isArray(l.route.path) ? l.route.path : [l.route.path]).map((p) => (p === "/" && prefix ? prefix : prefix + p));
        for (const p of paths)
          for (const m of Object.keys(l.route.methods)) {
            const method = m.toUpperCase();
            if (method !== "GET" && method !== "POST") continue;
            const key = `${method} ${p}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({ method, pattern: p, params: [...p.matchAll(/:(\w+)/g)].map((x) => x[1]!), regex: patternRegex(p) });
          }
      } else if (l.handle?.stack) walk(l.handle.stack, prefix + (MOUNTS.find((m) => (m.router as unknown) === l.handle)?.prefix ?? ""));
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, "");
  return out;
}

function patternRegex(p: string): RegExp {
  let re = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === "{") {
      const end = p.indexOf("}", i);
      re += `(?:${patternRegex(p.slice(i + 1, end)).source.slice(1, -1)})?`;
      i = end;
    } else if (ch === ":") {
      const name = /^:(\w+)/.exec(p.slice(i))![1]!;
      re += "([^/?#]+)";
      i += name.length;
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The concrete path for a pattern: given values for its params, optional `{…}` parts dropped. */
export function fillPath(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{[^}]*\}/g, "").replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? "1"));
}

/** The params of a concrete path matched against a route, or null. */
export function matchPath(route: RouteDef, path: string): Record<string, string> | null {
  const m = route.regex.exec(path);
  if (!m) return null;
  const names = [...route.pattern.replace(/\{[^}]*\}/g, "").matchAll(/:(\w+)/g)].map((x) => x[1]!);
  // Optional parts add groups at the end of the pattern only (`{.:format}`); the named ones come first.
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
}

export interface FormDef {
  action: string;
  method: "GET" | "POST";
  fields: Record<string, string>;
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

/** Forms of a page: action, method, field names with their current values. */
export function formsOf(html: string, pagePath: string): FormDef[] {
  const forms: FormDef[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>((?:(?!<form\b)[\s\S])*?)<\/form>/gi)) {
    const attrs = m[1]!;
    const body = m[2]!;
    const action = decode(/\baction="([^"]*)"/i.exec(attrs)?.[1] ?? pagePath);
    const method = /\bmethod="post"/i.test(attrs) ? "POST" : "GET";
    const fields: Record<string, string> = {};
    for (const f of body.matchAll(/<(input|select|textarea)\b([^>]*)>/gi)) {
      const tag = f[1]!.toLowerCase();
      const a = f[2]!;
      const rest = body.slice(f.index + f[0].length);
      const inner = tag === "input" ? "" : rest.slice(0, Math.max(0, rest.search(new RegExp(`</${tag}>`, "i"))));
      const name = /\bname="([^"]+)"/i.exec(a)?.[1];
      if (!name || name === "_csrf") continue;
      const type = /\btype="([^"]+)"/i.exec(a)?.[1]?.toLowerCase() ?? "text";
      if (tag === "input" && (type === "submit" || type === "button" || type === "file")) continue;
      if (tag === "input" && (type === "checkbox" || type === "radio") && !/\bchecked\b/i.test(a) && name in fields) continue;
      let value = decode(/\bvalue="([^"]*)"/i.exec(a)?.[1] ?? "");
      if (tag === "select") {
        const sel = /<option\b[^>]*\bselected\b[^>]*>/i.exec(inner)?.[0] ?? /<option\b[^>]*\bvalue="[^"]+"[^>]*>/i.exec(inner)?.[0] ?? "";
        value = decode(/\bvalue="([^"]*)"/i.exec(sel)?.[1] ?? "");
      }
      if (tag === "textarea") value = decode(inner);
      fields[name] = value;
    }
    forms.push({ action: action.split("#")[0]!, method, fields });
  }
  return forms;
}

/** Same-site links of a page (href="/…"), entities decoded. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/\bhref="(\/[^"]*)"/g)].map((m) => decode(m[1]!).split("#")[0]!).filter((h) => !h.startsWith("/static/") && !h.startsWith("//"));
}
