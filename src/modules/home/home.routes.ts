/** GET /: the role-aware home page. */
import { Router } from "express";
import { homeData } from "./home.service.ts";

export const homeRouter = Router();

homeRouter.get("/", async (req, res) => {
  const data = await homeData(req.actor!);
  res.page("home/index", { title: "Главная", ...data });
});
