/** A signed-in client of the app on 127.0.0.1: its cookies and CSRF token, as a browser keeps them. */

export class Session {
  cookies = new Map<string, string>();
  csrf = "";
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  absorb(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error("На странице нет CSRF-токена");
  return m[1]!;
}

/** GET /login on a new anonymous session: the session and the form's CSRF token. */
export async function loginPage(base: string): Promise<{ session: Session; token: string }> {
  const session = new Session();
  const res = await fetch(`${base}/login`, { redirect: "manual" });
  session.absorb(res);
  return { session, token: csrfFrom(await res.text()) };
}

/** POST /login with the form's token on that session; the answer is read to the end. */
export async function postLogin(base: string, session: Session, token: string, login: string, password: string): Promise<Response> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: session.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, login, password }).toString(),
  });
  session.absorb(res);
  await res.text();
  return res;
}

/** Signs in and opens the home page, whose CSRF token the session's POST requests carry. */
export async function signIn(base: string, login: string, password: string): Promise<Session> {
  const { session: s, token } = await loginPage(base);
  let res = await postLogin(base, s, token, login, password);
  if (res.status !== 302) throw new Error(`Вход ${login} не удался: ${res.status}`);
  res = await fetch(`${base}/`, { headers: { cookie: s.header() }, redirect: "manual" });
  s.absorb(res);
  const home = await res.text();
  if (res.status !== 200) throw new Error(`После входа ${login} главная страница ответила ${res.status}`);
  s.csrf = csrfFrom(home);
  return s;
}
