/** /imports: spreadsheet import and export of «Сотрудники», «Ученики», «Родители» and class lists (R-REG-7). */
import { Router, type Request, type Response } from "express";
import type { Actor } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import { field, parseForm } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { KINDS, KIND_TITLES, type Kind } from "./imports.columns.ts";
import { canExportClassList, canUseRegister } from "./imports.policy.ts";
import { applyUpload, exportClassList, exportRegister, getUpload, previewFile, storeUpload, template } from "./imports.service.ts";

export const importsRouter = Router();
const styles = ["/static/css/imports.css"];
const view = requirePermission("register-import", "view");
const create = requirePermission("register-import", "create");
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function kindParam(req: Request, actor: Actor): Kind {
  const kind = String(req.params.kind ?? "").replace(/\.xlsx$/, "") as Kind;
  if (!KINDS.includes(kind)) throw new NotFound();
  if (!canUseRegister(actor, kind)) throw new Forbidden();
  return kind;
}

function idParam(req: Request, name = "id"): number {
  const r = parseForm(field.id(), req.params[name]);
  if (!r.ok) throw new NotFound();
  return r.data;
}

function sendXlsx(res: Response, data: Buffer, filename: string) {
  res.setHeader("Content-Type", XLSX);
  res.setHeader("Content-Disposition", `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`);
  res.setHeader("Cache-Control", "private, no-store");
  res.send(data);
}

async function indexPage(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const actor = req.actor!;
  const kinds = KINDS.filter((k) => canUseRegister(actor, k)).map((k) => ({ value: k, label: KIND_TITLES[k] }));
  const classes =
    canExportClassList(actor) && actor.currentYearId
      ? (
          await prisma.schoolClass.findMany({
            where: { schoolId: actor.schoolId, yearId: actor.currentYearId },
            orderBy: [{ grade: "asc" }, { letter: "asc" }],
          })
        ).map((c) => ({ value: c.id, label: className(c) }))
      : [];
  res.page("imports/index", { title: "Импорт и экспорт", kinds, classes, styles, ...extra }, status);
}

importsRouter.get("/imports", view, (req, res) => indexPage(req, res));

importsRouter.get("/imports/template/:kind", view, async (req, res) => {
  const kind = kindParam(req, req.actor!);
  sendXlsx(res, await template(kind), `template-${kind}.xlsx`);
});

importsRouter.get("/imports/export/:kind", view, async (req, res) => {
  const kind = kindParam(req, req.actor!);
  sendXlsx(res, await exportRegister(req.actor!, kind), `${kind}-${isoDate(today())}.xlsx`);
});

importsRouter.get("/imports/class/:id", view, async (req, res) => {
  if (!canExportClassList(req.actor!)) throw new Forbidden();
  const list = await exportClassList(req.actor!, idParam(req));
  sendXlsx(res, list.data, `class-${list.name}.xlsx`);
});

importsRouter.post("/imports/upload", create, async (req, res) => {
  const actor = req.actor!;
  const kind = String((req.body as Record<string, unknown> | undefined)?.kind ?? "") as Kind;
  if (!KINDS.includes(kind)) return indexPage(req, res, { values: req.body ?? {}, errors: { kind: "Выберите реестр" } }, 422);
  if (!canUseRegister(actor, kind)) throw new Forbidden();
  const file = req.uploads?.find((f) => f.field === "file");
  if (!file || !file.data.length) return indexPage(req, res, { values: req.body, errors: { file: "Выберите файл .xlsx" } }, 422);
  if (!/\.xlsx$/i.test(file.filename)) return indexPage(req, res, { values: req.body, errors: { file: "Нужен файл Excel в формате .xlsx" } }, 422);
  const upload = await storeUpload(actor, kind, file.filename, file.data);
  res.redirect(`/imports/${upload.id}`);
});

importsRouter.get("/imports/:id", view, async (req, res) => {
  const actor = req.actor!;
  const upload = await getUpload(actor, idParam(req));
  if (!canUseRegister(actor, upload.kind)) throw new Forbidden();
  const preview = upload.appliedAt ? null : await previewFile(prisma, { schoolId: actor.schoolId, actorId: actor.userId }, upload.kind, upload.data);
  res.page("imports/preview", { title: `Импорт: ${KIND_TITLES[upload.kind]}`, upload, kindTitle: KIND_TITLES[upload.kind], preview, styles });
});

importsRouter.post("/imports/:id/apply", create, async (req, res) => {
  const actor = req.actor!;
  const id = idParam(req);
  const upload = await getUpload(actor, id);
  if (!canUseRegister(actor, upload.kind)) throw new Forbidden();
  try {
    const counts = await applyUpload(actor, id);
    flash(req, "ok", `Загружено: новых ${counts.create}, изменённых ${counts.update}, без изменений ${counts.same}`);
    res.redirect("/imports");
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    flash(req, "error", e.fields._form ?? e.message);
    res.redirect(`/imports/${id}`);
  }
});
