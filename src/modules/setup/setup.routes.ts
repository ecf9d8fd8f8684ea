/** School catalogue: rooms, subjects, classes and class teachers, subgroups, teaching load (/setup/...). */
import { Router } from "express";

export const setupRouter = Router();
