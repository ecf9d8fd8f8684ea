/**
 * Communication (issue 15 «Speed»): announcements, messages and the e-mail digest on the large school.
 *
 *   unread-overhead  the header's unread counts on every page: the parent's diary week on the app and
 *                    on a second app built without them (createApp({ unreadCounts: false })), requests
 *                    alternating between the two; the difference of the medians (goal ≤ 0.5 ms), and
 *                    the counts' statement alone (unreadCounts(), in this process)
 *   message-send     the class teacher of the largest class writes to «родители <class>» through
 *                    POST /messages/new (one copy per parent, ≈ 50): the server time (goal ≤ 200 ms)
 *   board            GET /announcements as that parent            (goal ≤ 20 ms)
 *   messages-list    GET /messages as that class teacher           (goal ≤ 20 ms)
 *   messages-search  GET /messages?q=… (a word of many texts), the same teacher
 *   digest           the weekly digest of marks for 2,000 family accounts with a confirmed address: runDigest()
 *                    builds and queues it (goal ≤ 30 s), then the real pg-boss worker (emailSendJob)
 *                    delivers it to an SMTP server (npm smtp-server) on 127.0.0.1 (goal ≥ 50 letters/s)
 *
 * The volume these pages are measured with — 1,000 announcements since September and 10,000
 * messages in 2,500 conversations — is inserted by set-based SQL right before the first of these
 * scenarios runs, and removed with everything the scenarios made (the sent copies and their
 * notifications, the digest's addresses, items, deliveries and jobs) by teardown(), which bench/run.ts
 * calls after the last scenario and before anything else reads the database (year-close). Every row
 * is marked (MARK in titles and subjects, «bench-digest:» keys, @bench.invalid addresses), and the
 * setup first removes what a crashed run may have left, so runs do not accumulate anything.
 */
import type { AddressInfo } from "node:net";
import { OPTS, selected } from "../env.ts";
import { measure, type Row, type Scenario } from "../measure.ts";
import { log, writeResult } from "../results.ts";
import { closeTimed, listenTimed, type Timed } from "../servers.ts";
import { signIn, type Session } from "../session.ts";
import { median, ms, percentile } from "../stats.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";

/** The marker of every announcement and conversation the benchmark adds (titles and subjects start with it). */
const MARK = "[замер]";
const MARK_LIKE = `${MARK}%`;
const DIGEST_KEY = "bench-digest:";
const ADDRESS_DOMAIN = "bench.invalid";

const ANNOUNCEMENTS = 1_000;
const CONVERSATIONS = 2_500;
const MESSAGES_PER_CONVERSATION = 4;
/** Of the conversations, this many are the measured class teacher's (with the parents of the own class). */
const TEACHER_CONVERSATIONS = 500;
const DIGEST_RECIPIENTS = 2_000;
const SEARCH_WORD = "контрольн";
const RAISED_LIMIT = 1_000_000;

const BODIES = [
  "Добрый день! Подскажите, пожалуйста, что задано по математике на завтра?",
  "Сын пропустил контрольную работу из-за болезни, справка будет в понедельник.",
  "Напоминаю о родительском собрании в четверг в 18:00 в кабинете 21.",
  "Спасибо, всё получили. Будем готовиться к контрольной.",
  "Можно ли перенести консультацию на среду после шестого урока?",
  "Дочь сегодня уйдёт после четвёртого урока, у неё приём у врача.",
  "Проверьте, пожалуйста, дневник: за диктант выставлена отметка.",
  "Хорошо, договорились. Хорошего дня!",
];

export const COMMUNICATION_KEYS = ["unread-overhead", "message-send", "board", "messages-list", "messages-search", "digest"] as const;

export interface CommunicationBench {
  scenarios: Scenario[];
  /** How each of these scenarios is measured (bench/run.ts runs these instead of measure()). */
  runners: Map<string, () => Promise<Row[]>>;
  /** Adds the volume (once; the runners call it themselves): for a look at the plans with EXPLAIN. */
  prepare: () => Promise<void>;
  /** Removes everything the scenarios added; safe to call twice. */
  teardown: () => Promise<void>;
}

interface Pick {
  parent?: { login: string; userId: number; studentId: number };
  teacher?: { login: string; userId: number; classId: number; className: string };
}

export async function communicationScenarios(ctx: ScenarioContext): Promise<CommunicationBench> {
  const none: CommunicationBench = { scenarios: [], runners: new Map(), prepare: async () => {}, teardown: async () => {} };
  if (!selected(...COMMUNICATION_KEYS)) return none;
  const { q, app } = ctx;
  const schoolId = ctx.db.seed.schoolId;
  const { today, isoDate, addDays } = await import("../../src/lib/dates.ts");
  const week = isoDate(addDays(today(), -7));

  // A parent (only a parent: no staff role, which would add the staff's announcements) of a pupil in
  // grades 5–11, and the class teacher of the class with the most parents.
  const pick: Pick = {};
  [pick.parent] = await q<{ login: string; userId: number; studentId: number }>(
    `SELECT u.login, u.id AS "userId", pl."studentId"
       FROM "User" u
       JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
       JOIN "ParentLink" pl ON pl."parentId" = u."personId"
       JOIN "ClassMembership" cm ON cm."studentId" = pl."studentId" AND cm."toDate" IS NULL
       JOIN "SchoolClass" c ON c.id = cm."classId" AND c.grade >= 5
      WHERE u."schoolId" = $1 AND u.blocked = false AND NOT EXISTS (SELECT 1 FROM "UserRole" o WHERE o."userId" = u.id AND o.role <> 'PARENT')
      ORDER BY c.grade DESC, u.id LIMIT 1`,
    [schoolId],
  );
  [pick.teacher] = await q<{ login: string; userId: number; classId: number; className: string }>(
    `SELECT u.login, u.id AS "userId", c.id AS "classId", concat(c.grade, c.letter) AS "className"
       FROM "User" u JOIN "SchoolClass" c ON c."classTeacherId" = u."personId"
       JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
       JOIN "ClassMembership" cm ON cm."classId" = c.id AND cm."toDate" IS NULL
       JOIN "ParentLink" pl ON pl."studentId" = cm."studentId"
       JOIN "User" pu ON pu."personId" = pl."parentId" AND NOT pu.blocked
      WHERE u."schoolId" = $1 AND NOT u.blocked
      GROUP BY u.id, u.login, c.id ORDER BY count(*) DESC, u.id LIMIT 1`,
    [schoolId],
  );
  const needParent = selected("unread-overhead", "board");
  const needTeacher = selected("message-send", "messages-list", "messages-search");
  let parent: Session | undefined;
  let teacher: Session | undefined;
  if (pick.parent && needParent) {
    await noPasswordChange(q, pick.parent.login);
    parent = await signIn(app.base, pick.parent.login, ctx.password);
  }
  if (pick.teacher && needTeacher) {
    await noPasswordChange(q, pick.teacher.login);
    teacher = await signIn(app.base, pick.teacher.login, ctx.password);
  }
  log(
    `Общение: родитель ${pick.parent?.login ?? "—"} (доска, счётчики в шапке), классный руководитель ${pick.teacher?.login ?? "—"} (${pick.teacher?.className ?? "—"}: сообщения, рассылка родителям)`,
  );

  // ---------------------------------------------------------------- the volume, and its removal

  const [school] = await q<{ messagesPerHour: number }>(`SELECT "messagesPerHour" FROM "School" WHERE id = $1`, [schoolId]);
  // (A run that stopped before its teardown left the raised limit behind: the default then.)
  const perHour = school && school.messagesPerHour !== RAISED_LIMIT ? school.messagesPerHour : 60;
  let volume: Promise<void> | undefined;
  const ensureVolume = () => (volume ??= addVolume());

  async function removeAll(): Promise<void> {
    // The notifications of the messages (dedupeKey «message:<id>» of a send's first copy), then the conversations (cascade: members, messages, receipts).
    await q(
      `DELETE FROM "Notification" n USING "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
        WHERE c."schoolId" = $1 AND c.subject LIKE $2 AND n."schoolId" = $1 AND n."dedupeKey" = 'message:' || m.id`,
      [schoolId, MARK_LIKE],
    );
    await q(`DELETE FROM "Conversation" WHERE "schoolId" = $1 AND subject LIKE $2`, [schoolId, MARK_LIKE]);
    await q(`DELETE FROM "Announcement" WHERE "schoolId" = $1 AND title LIKE $2`, [schoolId, MARK_LIKE]);
    await removeDigest();
  }

  async function removeDigest(): Promise<void> {
    const deliveries = await q<{ id: number }>(`SELECT id FROM "EmailDelivery" WHERE "schoolId" = $1 AND "toAddress" LIKE $2`, [
      schoolId,
      `%@${ADDRESS_DOMAIN}`,
    ]);
    const ids = deliveries.map((d) => d.id);
    const [boss] = await q<{ ok: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`);
    if (ids.length && boss?.ok) {
      for (const table of ["pgboss.job", "pgboss.archive"])
        await q(`DELETE FROM ${table} WHERE name = 'email-send' AND (data->>'deliveryId')::int = ANY($1::int[])`, [ids]);
    }
    await q(`DELETE FROM "EmailDelivery" WHERE id = ANY($1::int[])`, [ids]);
    await q(`DELETE FROM "Notification" WHERE "schoolId" = $1 AND "dedupeKey" LIKE $2`, [schoolId, `${DIGEST_KEY}%`]);
    await q(`DELETE FROM "EmailAddress" WHERE "schoolId" = $1 AND address LIKE $2`, [schoolId, `%@${ADDRESS_DOMAIN}`]);
  }

  async function addVolume(): Promise<void> {
    const t0 = performance.now();
    await removeAll();
    const classes = await q<{ id: number; grade: number; author: number }>(
      `SELECT c.id, c.grade, coalesce(u.id, $2) AS author FROM "SchoolClass" c
         JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
         LEFT JOIN "User" u ON u."personId" = c."classTeacherId"
        WHERE c."schoolId" = $1 ORDER BY c.grade, c.letter`,
      [schoolId, pick.teacher?.userId ?? 0],
    );
    const [head] = await q<{ id: number }>(
      `SELECT u.id FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role IN ('DEPUTY', 'ADMIN') WHERE u."schoolId" = $1 ORDER BY r.role DESC, u.id LIMIT 1`,
      [schoolId],
    );
    const [year] = await q<{ start: Date }>(
      `SELECT y."startDate" AS start FROM "AcademicYear" y WHERE y."schoolId" = $1 AND y.status = 'CURRENT' ORDER BY y."startDate" DESC LIMIT 1`,
      [schoolId],
    );
    const from = (year?.start ?? addDays(today(), -90)).getTime() / 1000;
    const to = Date.now() / 1000 - 3600;

    // Announcements since September: a tenth to the school, a fifth to staff, the rest to the parents
    // (and students) of one class or a whole grade, by its class teacher; a few pinned; a sixth shown
    // for a week only (most of them now in the archive); the parent has read those older than three days.
    await q(
      `WITH a AS (
         SELECT g, cls.*
           FROM generate_series(1, $2::int) g
           JOIN LATERAL (SELECT c.id, c.grade, c.author FROM unnest($3::int[], $4::int[], $5::int[]) WITH ORDINALITY AS c(id, grade, author, ord)
                          WHERE c.ord = 1 + g % array_length($3::int[], 1)) cls ON true)
       INSERT INTO "Announcement" ("schoolId", "authorId", title, body, audience, "toParents", "toStudents", grades, "classIds", pinned, "showUntil", "createdAt", "updatedAt")
       SELECT $1, CASE WHEN g % 10 <= 2 THEN $6 ELSE author END,
              $7 || ' ' || (ARRAY['Родительское собрание', 'Изменение расписания', 'Экскурсия', 'Олимпиада', 'Медосмотр', 'Дежурство'])[1 + g % 6] || ' № ' || g,
              'Уважаемые родители! **Просим** ознакомиться.' || E'\\n\\n' || '- пункт первый' || E'\\n' || '- пункт второй',
              (CASE WHEN g % 10 = 0 THEN 'SCHOOL' WHEN g % 10 IN (1, 2) THEN 'STAFF' ELSE 'FAMILIES' END)::"AnnouncementAudience",
              g % 10 > 2, g % 10 > 2 AND g % 3 = 0,
              CASE WHEN g % 10 = 9 THEN ARRAY[grade] ELSE '{}'::int[] END,
              CASE WHEN g % 10 BETWEEN 3 AND 8 THEN ARRAY[id] ELSE '{}'::int[] END,
              g % 400 = 0,
              CASE WHEN g % 6 = 0 THEN (to_timestamp($8::float8 + (g::float8 / $2) * ($9::float8 - $8::float8)) AT TIME ZONE 'UTC')::date + 7 END,
              to_timestamp($8::float8 + (g::float8 / $2) * ($9::float8 - $8::float8)) AT TIME ZONE 'UTC',
              to_timestamp($8::float8 + (g::float8 / $2) * ($9::float8 - $8::float8)) AT TIME ZONE 'UTC'
         FROM a`,
      [
        schoolId,
        ANNOUNCEMENTS,
        classes.map((c) => c.id),
        classes.map((c) => c.grade),
        classes.map((c) => c.author),
        head?.id ?? pick.teacher?.userId ?? 0,
        MARK,
        from,
        to,
      ],
    );
    if (pick.parent)
      await q(
        `INSERT INTO "AnnouncementRead" ("announcementId", "userId", "schoolId", "readAt")
         SELECT id, $2, $1, "createdAt" + interval '1 hour' FROM "Announcement"
          WHERE "schoolId" = $1 AND title LIKE $3 AND "createdAt" < (now() AT TIME ZONE 'UTC') - interval '3 days'`,
        [schoolId, pick.parent.userId, MARK_LIKE],
      );

    // Conversations of class teachers with the parents of their classes, four messages each taking
    // turns (every other one begun by the teacher), spread since September; the measured teacher's
    // take TEACHER_CONVERSATIONS of them; the last message of every fifth is unread.
    const pairs = await q<{ staff: number; parent: number; mine: boolean }>(
      `SELECT DISTINCT t.id AS staff, pu.id AS parent, t.id = $2 AS mine
         FROM "SchoolClass" c JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
         JOIN "User" t ON t."personId" = c."classTeacherId"
         JOIN "ClassMembership" cm ON cm."classId" = c.id AND cm."toDate" IS NULL
         JOIN "ParentLink" pl ON pl."studentId" = cm."studentId"
         JOIN "User" pu ON pu."personId" = pl."parentId"
        WHERE c."schoolId" = $1 ORDER BY 3 DESC, 1, 2`,
      [schoolId, pick.teacher?.userId ?? 0],
    );
    const mine = pairs.filter((p) => p.mine);
    const others = pairs.filter((p) => !p.mine);
    const chosen = [
      ...Array.from({ length: mine.length ? TEACHER_CONVERSATIONS : 0 }, (_, i) => mine[i % mine.length]!),
      ...Array.from({ length: CONVERSATIONS - (mine.length ? TEACHER_CONVERSATIONS : 0) }, (_, i) => others[i % others.length]!),
    ];
    const [made] = await q<{ conversations: number; messages: number }>(
      `WITH conv AS MATERIALIZED (
         SELECT p.ord AS n, p.staff, p.parent, nextval(pg_get_serial_sequence('"Conversation"', 'id'))::int AS cid,
                to_timestamp($4::float8 + (p.ord::float8 / $6::float8) * ($5::float8 - $4::float8) - 14400) AT TIME ZONE 'UTC' AS t0
           FROM unnest($2::int[], $3::int[]) WITH ORDINALITY AS p(staff, parent, ord)),
       msgs AS MATERIALIZED (
         SELECT conv.*, k, nextval(pg_get_serial_sequence('"Message"', 'id'))::int AS mid,
                CASE WHEN (k + n) % 2 = 1 THEN parent ELSE staff END AS author, CASE WHEN (k + n) % 2 = 1 THEN staff ELSE parent END AS reader,
                t0 + (k - 1) * interval '1 hour' AS at
           FROM conv CROSS JOIN generate_series(1, $7::int) k),
       c AS (INSERT INTO "Conversation" (id, "schoolId", subject, "createdById", "createdAt", "lastMessageAt")
             SELECT cid, $1, $8 || ' ' || (ARRAY['Вопрос по домашнему заданию', 'Пропуск уроков', 'Консультация', 'Родительское собрание'])[(1 + n % 4)::int],
                    CASE WHEN n % 2 = 0 THEN parent ELSE staff END, t0, t0 + ($7 - 1) * interval '1 hour' FROM conv),
       cm AS (INSERT INTO "ConversationMember" ("conversationId", "userId", "schoolId", "joinedAt")
              SELECT cid, staff, $1, t0 FROM conv UNION ALL SELECT cid, parent, $1, t0 FROM conv),
       m AS (INSERT INTO "Message" (id, "schoolId", "conversationId", "authorId", body, "createdAt")
             SELECT mid, $1, cid, author, ($9::text[])[(1 + (n + k) % array_length($9::text[], 1))::int], at FROM msgs),
       r AS (INSERT INTO "MessageReceipt" ("messageId", "userId", "schoolId", "readAt")
             SELECT mid, reader, $1, CASE WHEN k = $7 AND n % 5 = 0 THEN NULL ELSE at + interval '2 hours' END FROM msgs)
       SELECT (SELECT count(*)::int FROM conv) AS conversations, (SELECT count(*)::int FROM msgs) AS messages`,
      [schoolId, chosen.map((p) => p.staff), chosen.map((p) => p.parent), from, to, chosen.length, MESSAGES_PER_CONVERSATION, MARK, BODIES],
    );
    // The class teacher's group sends are not held back by the school's hourly limit during the run.
    await q(`UPDATE "School" SET "messagesPerHour" = $2 WHERE id = $1`, [schoolId, RAISED_LIMIT]);
    await q(`ANALYZE "Announcement", "AnnouncementRead", "Conversation", "ConversationMember", "Message", "MessageReceipt"`);
    const [ann] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM "Announcement" WHERE "schoolId" = $1`, [schoolId]);
    log(
      `  объём: объявлений в школе ${ann?.n ?? 0}, добавлено разговоров ${made?.conversations ?? 0} и сообщений ${made?.messages ?? 0} (${mine.length ? TEACHER_CONVERSATIONS : 0} разговоров у ${pick.teacher?.login ?? "—"}), ${((performance.now() - t0) / 1000).toFixed(1)} с`,
    );
  }

  let tornDown = false;
  let noCounts: Timed | undefined;
  const teardown = async () => {
    if (tornDown) return;
    tornDown = true;
    if (noCounts) await closeTimed(noCounts);
    if (!volume) return;
    await volume.catch(() => {});
    await removeAll();
    await q(`UPDATE "School" SET "messagesPerHour" = $2 WHERE id = $1`, [schoolId, perHour]);
    await q(`ANALYZE "Announcement", "AnnouncementRead", "Conversation", "ConversationMember", "Message", "MessageReceipt", "Notification", "EmailDelivery"`);
    const [left] = await q<{ n: number }>(
      `SELECT (SELECT count(*) FROM "Conversation" WHERE "schoolId" = $1 AND subject LIKE $2) + (SELECT count(*) FROM "Announcement" WHERE "schoolId" = $1 AND title LIKE $2)
            + (SELECT count(*) FROM "EmailAddress" WHERE "schoolId" = $1 AND address LIKE $3) + (SELECT count(*) FROM "Notification" WHERE "schoolId" = $1 AND "dedupeKey" LIKE $4) AS n`,
      [schoolId, MARK_LIKE, `%@${ADDRESS_DOMAIN}`, `${DIGEST_KEY}%`],
    );
    log(`Общение: добавленные для замера объявления, сообщения, уведомления и письма удалены (осталось помеченных строк: ${left?.n ?? "?"}).`);
  };

  // ---------------------------------------------------------------- the scenarios

  const skipParent = pick.parent ? {} : { skip: "нет родителя с ребёнком в 5–11 классе" };
  const skipTeacher = pick.teacher ? {} : { skip: "нет классного руководителя с родителями в классе" };
  const diaryPath = `/diary/${pick.parent?.studentId ?? 0}/week?date=${week}`;
  const scenarios: Scenario[] = [
    {
      key: "unread-overhead",
      title: "Счётчики непрочитанного в шапке: прирост времени недели дневника (с ними − без них)",
      target: app,
      method: "GET",
      path: diaryPath,
      session: parent,
      goal: 0.5,
      ...skipParent,
    },
    {
      key: "message-send",
      title: `Сообщение всем родителям класса ${pick.teacher?.className ?? ""} POST /messages/new (копия каждому)`,
      target: app,
      method: "POST",
      path: "/messages/new",
      session: teacher,
      goal: 200,
      ...skipTeacher,
    },
    {
      key: "board",
      title: "Доска объявлений, родитель GET /announcements",
      target: app,
      method: "GET",
      path: "/announcements",
      session: parent,
      goal: 20,
      ...skipParent,
    },
    {
      key: "messages-list",
      title: "Сообщения, классный руководитель GET /messages",
      target: app,
      method: "GET",
      path: "/messages",
      session: teacher,
      goal: 20,
      ...skipTeacher,
    },
    {
      key: "messages-search",
      title: `Поиск в сообщениях GET /messages?q=${SEARCH_WORD}`,
      target: app,
      method: "GET",
      path: `/messages?q=${encodeURIComponent(SEARCH_WORD)}`,
      session: teacher,
      ...skipTeacher,
    },
    { key: "digest", title: "Еженедельная сводка отметок", target: app, method: "POST", path: "", goal: 30_000 },
  ];
  const byKey = (key: string) => scenarios.find((s) => s.key === key)!;
  const skipped = (sc: Scenario): Row[] | null => (sc.skip ? [{ scenario: sc, note: sc.skip }] : null);

  const runners = new Map<string, () => Promise<Row[]>>();
  for (const key of ["board", "messages-list", "messages-search"]) {
    runners.set(key, async () => {
      const sc = byKey(key);
      if (sc.skip) return [{ scenario: sc, note: sc.skip }];
      await ensureVolume();
      return [await measure(sc)];
    });
  }

  runners.set("unread-overhead", async () => {
    const sc = byKey("unread-overhead");
    if (skipped(sc)) return skipped(sc)!;
    await ensureVolume();
    const { createApp } = await import("../../src/app.ts");
    noCounts ??= await listenTimed(createApp({ unreadCounts: false }));
    return [await measureOverhead(sc, app, noCounts, pick.parent!.userId)];
  });

  runners.set("message-send", async () => {
    const sc = byKey("message-send");
    if (skipped(sc)) return skipped(sc)!;
    await ensureVolume();
    return [await measureGroupSend(sc, q, pick.teacher!)];
  });

  runners.set("digest", () => measureDigest(byKey("digest"), ctx, removeDigest));

  return { scenarios, runners, prepare: ensureVolume, teardown };
}

// ---------------------------------------------------------------- the header's counts

async function get(target: Timed, path: string, session: Session): Promise<number> {
  const res = await fetch(target.base + path, { headers: { cookie: session.header(), accept: "text/html" }, redirect: "manual" });
  await res.text();
  return res.status;
}

/** The server time of one request to `target`. */
async function timedGet(target: Timed, path: string, session: Session): Promise<{ status: number; ms: number }> {
  target.rec.times = [];
  target.rec.on = true;
  const status = await get(target, path, session);
  target.rec.on = false;
  return { status, ms: target.rec.times[0] ?? NaN };
}

/**
 * The same page on the app with the counts and on one without them, alternating (each pair in a
 * changing order, so neither side is always the warmer one): 4 × BENCH_SAMPLES pairs. The row's
 * value is the difference of the two medians; the note gives both, the median of the pairs'
 * differences and the counts' statement alone (unreadCounts() for the same user, in this process).
 */
async function measureOverhead(sc: Scenario, withCounts: Timed, without: Timed, userId: number): Promise<Row> {
  const session = sc.session!;
  const probe = await get(withCounts, sc.path, session);
  const probeWithout = await get(without, sc.path, session);
  if (probe !== 200 || probeWithout !== 200) return { scenario: sc, note: `ошибка: ответ ${probe} / ${probeWithout}` };
  for (let i = 0; i < 20; i++) {
    await get(withCounts, sc.path, session);
    await get(without, sc.path, session);
  }
  const a: number[] = [];
  const b: number[] = [];
  const diff: number[] = [];
  const pairs = OPTS.samples * 4;
  for (let i = 0; i < pairs; i++) {
    const first = i % 2 === 0 ? withCounts : without;
    const second = first === withCounts ? without : withCounts;
    const x = await timedGet(first, sc.path, session);
    const y = await timedGet(second, sc.path, session);
    const [w, wo] = first === withCounts ? [x.ms, y.ms] : [y.ms, x.ms];
    a.push(w);
    b.push(wo);
    diff.push(w - wo);
  }
  // The statement alone, as the middleware runs it.
  const { loadActor } = await import("../../src/access/actor.ts");
  const { unreadCounts } = await import("../../src/modules/inbox/inbox.service.ts");
  const actor = (await loadActor(userId))!;
  const counts = await unreadCounts(actor);
  const alone: number[] = [];
  for (let i = 0; i < 20; i++) await unreadCounts(actor);
  for (let i = 0; i < pairs; i++) {
    const t0 = performance.now();
    await unreadCounts(actor);
    alone.push(performance.now() - t0);
  }
  const mWith = median(a);
  const mWithout = median(b);
  const sortedDiff = [...diff].sort((x, y) => x - y);
  return {
    scenario: sc,
    serverMedian: mWith - mWithout,
    single: {
      p95: percentile(sortedDiff, 95),
      note: `неделя дневника со счётчиками ${ms(mWith)} мс, без них ${ms(mWithout)} мс (медианы ${pairs} пар запросов вперемежку); медиана разностей пар ${ms(median(diff))} мс; сам запрос счётчиков ${ms(median(alone))} мс (медиана ${pairs} вызовов; у родителя непрочитанных: объявлений ${counts.announcements}, сообщений ${counts.messages}, уведомлений ${counts.notifications})`,
    },
  };
}

// ---------------------------------------------------------------- a message to all parents of a class

/**
 * BENCH_SAMPLES sends (after 5 warm-up ones) of a message to «родители <class>» through the form's
 * route, each a new send of ≈ 50 copies; the server time of each. The first send is checked against
 * the database: one conversation per parent, each with the teacher and that parent only.
 */
async function measureGroupSend(sc: Scenario, q: ScenarioContext["q"], teacher: { userId: number; classId: number }): Promise<Row> {
  const session = sc.session!;
  let n = 0;
  const send = async () => {
    const subject = `${MARK} Собрание ${++n}`;
    const body = new URLSearchParams({
      _csrf: session.csrf,
      groups: `parents:${teacher.classId}`,
      subject,
      body: "Уважаемые родители! Собрание в четверг в 18:00.",
    });
    const res = await fetch(sc.target.base + sc.path, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: session.header(), "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: body.toString(),
    });
    session.absorb(res);
    const text = await res.text();
    return { status: res.status, location: res.headers.get("location") ?? "", subject, text };
  };
  const first = await send();
  if (first.status !== 302) return { scenario: sc, note: `ошибка: ответ ${first.status} ${first.text.slice(0, 120).replace(/\s+/g, " ")}` };
  const [check] = await q<{ copies: number; bad: number; parents: number }>(
    `SELECT count(*)::int AS copies,
            count(*) FILTER (WHERE (SELECT count(*) FROM "ConversationMember" m WHERE m."conversationId" = c.id) <> 2)::int AS bad,
            (SELECT count(DISTINCT pu.id)::int FROM "ClassMembership" cm JOIN "ParentLink" pl ON pl."studentId" = cm."studentId"
               JOIN "User" pu ON pu."personId" = pl."parentId" AND NOT pu.blocked
              WHERE cm."classId" = $3 AND cm."toDate" IS NULL) AS parents
       FROM "Conversation" c WHERE c."createdById" = $1 AND c.subject = $2`,
    [teacher.userId, first.subject, teacher.classId],
  );
  if (!check || check.bad || check.copies !== check.parents)
    return { scenario: sc, note: `ошибка: копий ${check?.copies ?? 0} при ${check?.parents ?? 0} родителях, разговоров не на двоих ${check?.bad ?? 0}` };
  for (let i = 0; i < 4; i++) await send();
  const times: number[] = [];
  for (let i = 0; i < OPTS.samples; i++) {
    sc.target.rec.times = [];
    sc.target.rec.on = true;
    const r = await send();
    sc.target.rec.on = false;
    if (r.status !== 302) return { scenario: sc, note: `ошибка: ответ ${r.status} на отправке ${n}` };
    times.push(...sc.target.rec.times);
  }
  times.sort((x, y) => x - y);
  return {
    scenario: sc,
    serverMedian: percentile(times, 50),
    single: {
      p95: percentile(times, 95),
      note: `${check.copies} копий в каждой отправке (по одному разговору на родителя, сверено с базой); ${times.length} отправок подряд`,
    },
  };
}

// ---------------------------------------------------------------- the weekly digest

/** BENCH_PROFILE=1: a V8 CPU profile of this process while the digest is built (bench/results/digest.cpuprofile). */
async function profile(): Promise<(name: string) => Promise<string>> {
  const inspector = await import("node:inspector/promises");
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async (name) => {
    const { profile: p } = await session.post("Profiler.stop");
    session.disconnect();
    return writeResult(`${name}.cpuprofile`, JSON.stringify(p));
  };
}

/**
 * The weekly digest of marks for DIGEST_RECIPIENTS families (all parent accounts with a child's mark
 * in the journal's last week, then students, until there are enough), each given a confirmed
 * address; their items are the marks of their children of that week. runDigest("WEEKLY") is timed
 * with the queue only adding jobs; then the queue's workers (emailSendJob, as in production) start
 * and deliver every letter to an SMTP server in this process; the rate is the letters over the time
 * from the workers' start to the last letter accepted. Checked: every delivery SENT, every address
 * reached once.
 */
async function measureDigest(sc: Scenario, ctx: ScenarioContext, removeDigest: () => Promise<void>): Promise<Row[]> {
  const { q, db } = ctx;
  const schoolId = db.seed.schoolId;
  const deliveryScenario: Scenario = {
    ...sc,
    key: "digest-delivery",
    title: "Еженедельная сводка: доставка на SMTP-сервер на 127.0.0.1 (мс на письмо; цель ≥ 50 писем/с)",
    goal: 20,
  };
  await removeDigest();
  const recipients = await q<{ id: number; parent: boolean }>(
    `WITH fam AS (
       SELECT u.id, true AS parent, pl."studentId" FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
         JOIN "ParentLink" pl ON pl."parentId" = u."personId" WHERE u."schoolId" = $1 AND NOT u.blocked
       UNION ALL
       SELECT u.id, false, s.id FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'STUDENT'
         JOIN "Student" s ON s."personId" = u."personId" WHERE u."schoolId" = $1 AND NOT u.blocked)
     SELECT f.id, bool_or(f.parent) AS parent FROM fam f
      WHERE NOT EXISTS (SELECT 1 FROM "EmailAddress" e WHERE e."userId" = f.id)
        AND EXISTS (SELECT 1 FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" WHERE m."studentId" = f."studentId" AND l.date > $2::date - 7 AND l.date <= $2::date)
      GROUP BY f.id ORDER BY bool_or(f.parent) DESC, f.id LIMIT $3`,
    [schoolId, db.seed.until, DIGEST_RECIPIENTS],
  );
  const ids = recipients.map((r) => r.id);
  const parents = recipients.filter((r) => r.parent).length;
  let t = performance.now();
  await q(
    `INSERT INTO "EmailAddress" ("userId", "schoolId", address, "confirmedAt", "updatedAt")
     SELECT id, $1, 'u' || id || '@' || $3, now(), now() FROM unnest($2::int[]) AS id`,
    [schoolId, ids, ADDRESS_DOMAIN],
  );
  const [items] = await q<{ n: number }>(
    `WITH r AS (SELECT u.id, u."personId" FROM "User" u WHERE u.id = ANY($2::int[])),
     kids AS (
       SELECT r.id AS "userId", pl."studentId" FROM r JOIN "ParentLink" pl ON pl."parentId" = r."personId"
       UNION SELECT r.id, s.id FROM r JOIN "Student" s ON s."personId" = r."personId"),
     ins AS (
       INSERT INTO "Notification" ("schoolId", "userId", kind, title, body, link, "createdAt", "readAt", "dedupeKey", "inApp", digest)
       SELECT $1, k."userId", 'MARK'::"NotificationKind", 'Новая отметка: ' || m.value || ' (' || sub.name || ')',
              concat_ws(' ', p."lastName", p."firstName") || ', ' || to_char(l.date, 'DD.MM.YYYY'),
              '/diary/' || k."studentId" || '/marks', l.date + time '10:00', now(), $4 || m.id, false, 'WEEKLY'::"NotificationFrequency"
         FROM kids k JOIN "Mark" m ON m."studentId" = k."studentId"
         JOIN "Lesson" l ON l.id = m."lessonId" AND l.date > $3::date - 7 AND l.date <= $3::date
         JOIN "Subject" sub ON sub.id = l."subjectId" JOIN "Student" st ON st.id = k."studentId" JOIN "Person" p ON p.id = st."personId"
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [schoolId, ids, db.seed.until, DIGEST_KEY],
  );
  await q(`ANALYZE "Notification", "EmailAddress"`);
  log(
    `  сводка: ${ids.length} получателей (${parents} родителей, ${ids.length - parents} учеников), ${items?.n ?? 0} отметок за неделю по ${db.seed.until}; подготовка ${((performance.now() - t) / 1000).toFixed(1)} с`,
  );

  const { SMTPServer } = await import("smtp-server");
  const { configureMail } = await import("../../src/lib/mail.ts");
  const { startQueue, stopQueue } = await import("../../src/lib/queue.ts");
  const { emailSendJob } = await import("../../src/modules/notifications/notifications.jobs.ts");
  const { runDigest } = await import("../../src/modules/notifications/digest.ts");
  const accepted: { to: string; at: number }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    closeTimeout: 50,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) accepted.push({ to: r.address, at: performance.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  configureMail({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Электронный журнал <journal@school.test>" });
  try {
    // Building and queueing: the queue only adds jobs (no worker yet).
    await startQueue({ url: db.url, jobs: [emailSendJob], work: false });
    const stopProfile = process.env.BENCH_PROFILE ? await profile() : undefined;
    t = performance.now();
    const letters = await runDigest("WEEKLY");
    const buildMs = performance.now() - t;
    if (stopProfile) log(`  профиль сборки: ${await stopProfile("digest")}`);
    await stopQueue();
    log(`  сводка собрана и поставлена в очередь: ${letters} писем за ${(buildMs / 1000).toFixed(2)} с`);

    // Delivery: the workers of «email-send» as src/server.ts runs them.
    await startQueue({ url: db.url, jobs: [emailSendJob], work: true });
    const started = performance.now();
    const deadline = started + 10 * 60_000;
    while (accepted.length < letters && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const lastAt = accepted.length ? Math.max(...accepted.map((a) => a.at)) : NaN;
    const deliverMs = lastAt - started;
    // The worker marks a delivery SENT right after the server accepted it.
    let sent = 0;
    for (let i = 0; i < 100; i++) {
      const [row] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM "EmailDelivery" WHERE "schoolId" = $1 AND kind = 'digest-weekly' AND status = 'SENT' AND "toAddress" LIKE $2`,
        [schoolId, `%@${ADDRESS_DOMAIN}`],
      );
      sent = row?.n ?? 0;
      if (sent >= letters) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await stopQueue();
    const distinct = new Set(accepted.map((a) => a.to)).size;
    const rate = (letters / deliverMs) * 1000;
    log(`  доставлено ${accepted.length} писем за ${(deliverMs / 1000).toFixed(2)} с: ${rate.toFixed(0)} писем/с; отмечено отправленными ${sent}`);
    const checked = accepted.length === letters && distinct === letters && sent === letters;
    const ok = `${letters} писем (${ids.length} получателей: ${parents} родителей, ${ids.length - parents} учеников; ${items?.n ?? 0} отметок за неделю)`;
    return [
      {
        scenario: { ...sc, title: "Еженедельная сводка отметок: сборка и постановка в очередь (runDigest)" },
        serverMedian: buildMs,
        single: { p95: NaN, note: `один прогон; ${ok}` },
      },
      checked
        ? {
            scenario: deliveryScenario,
            serverMedian: deliverMs / letters,
            single: {
              p95: NaN,
              note: `**${rate.toFixed(0)} писем/с**: ${letters} писем за ${(deliverMs / 1000).toFixed(1)} с, воркер pg-boss emailSendJob (2 × 20 писем), SMTP-сервер (smtp-server) в том же процессе; все доставки SENT, каждый адрес получил одно письмо`,
            },
          }
        : {
            scenario: deliveryScenario,
            note: `ошибка: принято ${accepted.length} писем (адресов ${distinct}), отправлено по журналу ${sent}, ожидалось ${letters}`,
          },
    ];
  } finally {
    await stopQueue();
    configureMail(null);
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await removeDigest();
  }
}
