/** The floors under every page (bare Express, GET /health with its SELECT 1) and the sign-in pages. */
import type { Scenario } from "../measure.ts";
import type { ScenarioContext } from "./context.ts";

export function floorScenarios({ app, bare }: ScenarioContext): Scenario[] {
  return [
    { key: "bare", title: "Голый Express (ответ «ok»)", target: bare, method: "GET", path: "/" },
    { key: "health", title: "GET /health (SELECT 1)", target: app, method: "GET", path: "/health" },
    { key: "login", title: "Страница входа GET /login", target: app, method: "GET", path: "/login" },
    { key: "login-post", title: "Вход", target: app, method: "POST", path: "/login" },
  ];
}
