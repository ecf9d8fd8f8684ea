/** /imports: spreadsheet import and export of «Сотрудники», «Ученики», «Родители» and class lists (R-REG-7). */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { sendDownload } from "../../lib/download.ts";
import { Forbidden, NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { flash } from "../../lib/views.ts";
import { KINDS, KIND_TITLES, kindOf, type Kind } from "./imports.columns.ts";
import { canExportClassList, canOpenImports, canUseRegister } from "./imports.policy.ts";
import { applyUpload, classListOptions, exportClassList, exportRegister, getUpload, previewUpload, storeUpload, template } from "./imports.service.ts";

export const importsRouter = Router();
const styles = ["/static/css/imports.css"];
/** The page and its forms: whoever may import some register; kindParam() then checks the register itself. */
const view: RequestHandler = (req, _res, next) => next(req.actor && canOpenImports(req.actor) ? undefined : new Forbidden());
const create = view;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The register of the URL (`staff`, `students.xlsx`, …): 404 for an unknown one, 403 for one the actor may not use. */
function kindParam(req: Request): Kind {
  const raw = req.params.kind;
  const kind = kindOf(typeof raw === "string" ? raw.replace(/\.xlsx$/, "") : null);
  if (!kind) throw new NotFound();
  if (!canUseRegister(actorOf(req), kind)) throw new Forbidden();
  return kind;
}

/** A workbook under its Russian name (src/lib/download.ts): saved by the browser, never cached. */
function sendXlsx(res: Response, data: Buffer, filename: string) {
  sendDownload(res, data, filename, { type: XLSX });
}

async function indexPage(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
  const actor = actorOf(req);
  const kinds = KINDS.filter((k) => canUseRegister(actor, k)).map((k) => ({ value: k, label: KIND_TITLES[k] }));
  const classes = await classListOptions(actor);
  res.page("imports/index", { title: "Импорт и экспорт", kinds, classes, styles, ...extra }, status);
}

importsRouter.get("/", view, (req, res) => indexPage(req, res));

importsRouter.get("/template/:kind", view, async (req, res) => {
  const kind = kindParam(req);
  sendXlsx(res, await template(kind), `Шаблон ${KIND_TITLES[kind]}.xlsx`);
});

importsRouter.get("/export/:kind", view, async (req, res) => {
  const kind = kindParam(req);
  sendXlsx(res, await exportRegister(actorOf(req), kind), `${KIND_TITLES[kind]} ${isoDate(today())}.xlsx`);
});

importsRouter.get("/class/:id", view, async (req, res) => {
  if (!canExportClassList(actorOf(req))) throw new Forbidden();
  const list = await exportClassList(actorOf(req), idParam(req));
  sendXlsx(res, list.data, `Список класса ${list.name}.xlsx`);
});

importsRouter.post("/upload", create, async (req, res) => {
  const actor = actorOf(req);
  const values = typed(req.body);
  const kind = kindOf(bodyOf(req).kind);
  if (!kind) return indexPage(req, res, { values, errors: { kind: "Выберите реестр" } }, 422);
  if (!canUseRegister(actor, kind)) throw new Forbidden();
  const file = req.uploads?.find((f) => f.field === "file");
  if (!file || !file.data.length) return indexPage(req, res, { values, errors: { file: "Выберите файл .xlsx" } }, 422);
  if (!/\.xlsx$/i.test(file.filename)) return indexPage(req, res, { values, errors: { file: "Нужен файл Excel в формате .xlsx" } }, 422);
  const upload = await storeUpload(actor, kind, file.filename, file.data);
  res.redirect(`/imports/${upload.id}`);
});

importsRouter.get("/:id", view, async (req, res) => {
  const actor = actorOf(req);
  const upload = await getUpload(actor, idParam(req));
  if (!canUseRegister(actor, upload.kind)) throw new Forbidden();
  const preview = upload.appliedAt ? null : await previewUpload(actor, upload);
  res.page("imports/preview", { title: `Импорт: ${KIND_TITLES[upload.kind]}`, upload, kindTitle: KIND_TITLES[upload.kind], preview, styles });
});

importsRouter.post("/:id/apply", create, async (req, res) => {
  const actor = actorOf(req);
  const upload = await getUpload(actor, idParam(req));
  if (!canUseRegister(actor, upload.kind)) throw new Forbidden();
  let counts = { create: 0, update: 0, same: 0 };
  const errors = await formErrors(async () => (counts = await applyUpload(actor, upload.id)));
  if (errors) {
    flash(req, "error", errors._form ?? "Проверьте выделенные поля");
    return res.redirect(`/imports/${upload.id}`);
  }
  flash(req, "ok", `Загружено: новых ${counts.create}, изменённых ${counts.update}, без изменений ${counts.same}`);
  res.redirect("/imports");
});
