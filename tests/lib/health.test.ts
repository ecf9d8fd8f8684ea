import request from "supertest";
import { describe, expect, it } from "vitest";
import { connectDatabase, disconnectDatabase } from "../../src/lib/db.ts";
import { testApp } from "../support/http.ts";

describe("GET /health", () => {
  it("answers 200 while the database is reachable", async () => {
    const res = await request(testApp()).get("/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", database: "ok" });
  });
  it("answers 503 when the database is not", async () => {
    const url = process.env.DATABASE_URL!;
    await disconnectDatabase();
    connectDatabase("postgresql://nobody:nothing@127.0.0.1:1/none");
    try {
      const res = await request(testApp()).get("/health");
      expect(res.status).toBe(503);
      expect((res.body as { database: string }).database).toBe("unreachable");
    } finally {
      await disconnectDatabase();
      connectDatabase(url);
    }
  });
});
