/** GET /: the role-aware home page. */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { homeData } from "./home.service.ts";

export const homeRouter = Router();

homeRouter.get("/", async (req, res) => {
  const data = await homeData(actorOf(req));
  res.page("home/index", { title: "Главная", ...data });
});
