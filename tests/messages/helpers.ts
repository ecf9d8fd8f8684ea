/** Helpers for the messages tests: the fixture school with a class nobody of the load teaches, sending, and the stored state. */
import { prisma } from "../../src/lib/db.ts";
import type { Agent } from "../support/http.ts";

export { communicationSchool as messageSchool } from "../support/communication.ts";
import type { CommunicationSchool } from "../support/communication.ts";

export type MessageSchool = CommunicationSchool;
export type UserKey = keyof MessageSchool["users"];

export type FormFields = Record<string, string | string[]>;
export type File = { name: string; data: Buffer; type?: string };

/** The new-message form as the browser sends it (multipart/form-data; files in `files`). */
export function postMultipart(agent: Agent, url: string, fields: FormFields, files: File[] = []) {
  let req = agent.post(url).field("_csrf", agent.token);
  for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) req = req.field(k, one);
  for (const f of files) req = req.attach("files", f.data, { filename: f.name, contentType: f.type ?? "application/octet-stream" });
  return req;
}

/** Sends a new message as a form post; `to` user ids, `groups` like «parents:12». */
export function send(agent: Agent, fields: { to?: number[]; groups?: string[]; subject?: string; body?: string; externalEmail?: string; forward?: number }) {
  return agent.form("/messages/new", {
    to: (fields.to ?? []).map(String),
    groups: fields.groups ?? [],
    subject: fields.subject ?? "Вопрос",
    body: fields.body ?? "Здравствуйте!",
    ...(fields.externalEmail !== undefined ? { externalEmail: fields.externalEmail } : {}),
    ...(fields.forward !== undefined ? { forward: String(fields.forward) } : {}),
  });
}

/** The conversation id a successful single send redirected to. */
export function conversationOf(res: { status: number; headers: Record<string, string>; text: string }): number {
  if (res.status !== 302) throw new Error(`Отправка не удалась: ${res.status} ${res.text.slice(0, 400)}`);
  const m = /^\/messages\/(\d+)$/.exec(res.headers.location ?? "");
  if (!m) throw new Error(`Не переписка: ${res.headers.location}`);
  return Number(m[1]);
}

/** Everything messages store for a school, to compare before and after a refused request. */
export async function messageState(schoolId: number) {
  const [conversations, members, messages, receipts, files, complaints, notifications, deliveries] = await Promise.all([
    prisma.conversation.count({ where: { schoolId } }),
    prisma.conversationMember.count({ where: { schoolId } }),
    prisma.message.count({ where: { schoolId } }),
    prisma.messageReceipt.count({ where: { schoolId } }),
    prisma.messageFile.count({ where: { message: { schoolId } } }),
    prisma.messageComplaint.count({ where: { schoolId } }),
    prisma.notification.count({ where: { schoolId, kind: "MESSAGE" } }),
    prisma.emailDelivery.count({ where: { schoolId } }),
  ]);
  return { conversations, members, messages, receipts, files, complaints, notifications, deliveries };
}

/** The members (user ids) of each conversation of the school, sorted. */
export async function conversationsOf(schoolId: number, subject: string) {
  const rows = await prisma.conversation.findMany({
    where: { schoolId, subject },
    include: { members: true, messages: { include: { receipts: true } } },
    orderBy: { id: "asc" },
  });
  return rows.map((c) => ({ id: c.id, members: c.members.map((m) => m.userId).sort((a, b) => a - b), messages: c.messages }));
}
