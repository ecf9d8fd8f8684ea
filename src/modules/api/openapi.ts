/** The OpenAPI 3.1 document (JSON Schema 2020-12, so any JSON Schema validator reads its schemas) of /api/v1 (issue 21), generated once from the endpoints' zod schemas (api.registry.ts). */
import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { registry } from "./api.registry.ts";
import "./api.routes.ts"; // the endpoints register themselves

type OpenAPIObject = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

let doc: OpenAPIObject | undefined;

export function openApiDocument(): OpenAPIObject {
  doc ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Электронный журнал — API",
      version: "1",
      description:
        "JSON API для приложений семей и учителей. Авторизация: заголовок «Authorization: Bearer <токен>» с личным токеном из «Персональных настроек». Ошибки: { error: { code, message, fields? } }.",
    },
    servers: [{ url: "/" }],
  });
  return doc;
}
