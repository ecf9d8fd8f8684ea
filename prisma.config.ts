// Prisma CLI configuration: the engine-free setup (see ../shared/notes/stack.md).
// The CLI uses the WebAssembly schema engine shipped in the npm package, through
// the driver adapter from Prisma 7 (the 6.19 adapter cannot read the `name` type).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "adapter-pg-cli";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) return Promise.reject(new Error("DATABASE_URL не задан: команда prisma требует базу данных"));
    return Promise.resolve(new PrismaPg({ connectionString }));
  },
});
