/** GET /: the role-aware home page (home.service.ts): one statement, the blocks the actor may see; the news block's counts are the header's (res.locals.unread). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { homeData } from "./home.service.ts";
import { dayHeading, dayMonth, dayTitle, percent, plural } from "./home.text.ts";

export const homeRouter = Router();
const t = { dayHeading, dayMonth, dayTitle, percent, plural };

homeRouter.get("/", async (req, res) => {
  const data = await homeData(actorOf(req));
  res.page("home/index", { title: "Главная", ...data, t, styles: ["/static/css/home.css"] });
});
