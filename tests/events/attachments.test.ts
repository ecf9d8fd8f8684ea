/**
 * An event's attachment (issue 18): stored through the files module with the event, downloaded
 * only by the event's audience; another audience, a file of another event, or a guessed id: 404.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { communicationSchool, type CommunicationSchool } from "../support/communication.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

let s: CommunicationSchool;
useMidQuarterDay();
beforeAll(async () => {
  s = await communicationSchool();
});

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

describe("the attachment of an event", () => {
  it("a class teacher attaches a PDF to the own class's event; its pupils download it, another class's pupils get 404", async () => {
    const teacher = await as(s.users.teacherEnglish); // leads 5Б
    await teacher.get("/events/new");
    const res = await teacher
      .post("/events")
      .field("_csrf", teacher.token)
      .field("title", "Поездка 5Б")
      .field("startDate", "2026-12-18")
      .field("allDay", "on")
      .field("audience", "CLASSES")
      .field("classIds", String(s.classes["5Б"].id))
      .attach("file", PDF, { filename: "маршрут.pdf", contentType: "application/pdf" });
    expect(res.status).toBe(302);
    const id = Number(/\/events\/(\d+)/.exec(res.headers.location!)![1]);
    const e = await prisma.schoolEvent.findUniqueOrThrow({ where: { id }, include: { file: true } });
    expect(e.file).toMatchObject({ name: "маршрут.pdf", mime: "application/pdf", schoolId: s.schoolId });

    const url = `/events/${id}/files/${e.fileId}`;
    const own = await (await as(s.users.studentB1)).get(url);
    expect(own.status).toBe(200);
    expect(Buffer.from(own.body as Buffer).length).toBe(PDF.length);
    expect((await (await as(s.users.studentA2)).get(url)).status).toBe(404);
    expect((await (await as(s.users.parentV)).get(url)).status).toBe(404);

    // The same file through another event the reader does see: 404 (the file belongs to its event only).
    const other = await prisma.schoolEvent.create({
      data: { schoolId: s.schoolId, authorId: s.users.admin.userId, title: "Для всех", audience: "SCHOOL", startDate: e.startDate, endDate: e.endDate },
    });
    expect((await (await as(s.users.studentA2)).get(`/events/${other.id}/files/${e.fileId}`)).status).toBe(404);
  });
});
