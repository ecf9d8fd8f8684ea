/**
 * HTTP helpers over supertest: sign in as a persona and post forms with the
 * session's CSRF token, as a browser would.
 */
import request from "supertest";
import type { Express } from "express";
import { createApp } from "../../src/app.ts";

let app: Express | undefined;
export function testApp(): Express {
  app ??= createApp();
  return app;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error("На странице нет CSRF-токена");
  return m[1]!;
}

export type Agent = ReturnType<typeof request.agent> & {
  /** GET a page and remember its CSRF token; POST a form with it. */
  form(url: string, data: Record<string, unknown>): Promise<request.Response>;
  token: string;
};

export function anonymous(): Agent {
  const agent = request.agent(testApp()) as Agent;
  agent.token = "";
  agent.form = async (url, data) => {
    if (!agent.token) {
      const page = await agent.get("/login");
      agent.token = csrfFrom(page.text);
    }
    return agent
      .post(url)
      .type("form")
      .send({ _csrf: agent.token, ...data });
  };
  return agent;
}

/** Signs in; throws if the login page does not send the user on. */
export async function signIn(login: string, password: string): Promise<Agent> {
  const agent = anonymous();
  const page = await agent.get("/login");
  const res = await agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), login, password });
  if (res.status !== 302) throw new Error(`Вход ${login} не удался: ${res.status}`);
  const next = await agent.get(res.headers.location ?? "/");
  const home = next.status === 302 ? await agent.get(next.headers.location!) : next;
  agent.token = csrfFrom(home.text);
  return agent;
}

export function as(user: { login: string; password: string }): Promise<Agent> {
  return signIn(user.login, user.password);
}
