/** Endpoints of the announcements board and the messages (issue 21, R-COM-1, R-COM-2): the modules' own list services, paginated. */
import type { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { boardPage } from "../announcements/announcements.service.ts";
import { listConversations } from "../messages/messages.service.ts";
import { parsed } from "./api.http.ts";
import { defineEndpoint } from "./api.registry.ts";
import { announcementsSchema, messagesQuery, messagesSchema, pageQuery } from "./api.schemas.ts";
import { announcementsOut, messagesOut } from "./api.views.ts";

export function boardEndpoints(router: Router): void {
  defineEndpoint(router, {
    method: "get",
    path: "/announcements",
    tag: "Общение",
    summary: "Объявления, адресованные пользователю: закреплённые, затем новые; по 20 на странице",
    request: { query: pageQuery },
    response: announcementsSchema,
    guards: [requirePermission("announcement", "view")],
    handler: async (req) => announcementsOut(await boardPage(actorOf(req), { page: parsed(pageQuery, req.query).page ?? 1, archive: false })),
  });

  defineEndpoint(router, {
    method: "get",
    path: "/messages",
    tag: "Общение",
    summary: "Переписки пользователя (входящие, архив, отправленные), по страницам",
    request: { query: messagesQuery },
    response: messagesSchema,
    guards: [requirePermission("message", "view")],
    handler: async (req) => {
      const q = parsed(messagesQuery, req.query);
      return messagesOut(await listConversations(actorOf(req), { folder: q.folder ?? "inbox", q: "", page: q.page ?? 1 }));
    },
  });
}
