/** The year-close module's routers: closing the year (/year-close) and the integrity of archived years (/integrity). */
export { yearCloseRouter } from "./year-close.routes.ts";
export { integrityRouter } from "./integrity.routes.ts";
