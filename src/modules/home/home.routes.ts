/** GET /: the role-aware home page (home.service.ts): one statement, the blocks the actor may see; the news block's counts are the header's (res.locals.unread). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { consentGrace, PD_TEXT } from "../staff/staff.service.ts";
import { homeData } from "./home.service.ts";
import { dayHeading, dayMonth, dayTitle, percent, plural } from "./home.text.ts";

export const homeRouter = Router();
const t = { dayHeading, dayMonth, dayTitle, percent, plural };

homeRouter.get("/", async (req, res) => {
  const actor = actorOf(req);
  // Issue 17: the grace banner of staff logins without a consent, for those who keep the staff cards (administrator, HR).
  const [data, grace] = await Promise.all([homeData(actor), can(actor, "update", "staff-file") ? consentGrace(actor.schoolId) : null]);
  res.page("home/index", { title: "Главная", ...data, grace, PD_TEXT, t, styles: ["/static/css/home.css"] });
});
