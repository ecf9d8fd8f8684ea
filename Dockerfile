# Production-like image: the app with its migrations; PostgreSQL runs separately (docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY views ./views
COPY public ./public
COPY scripts ./scripts
EXPOSE 3000
# Apply pending migrations, then serve. Seeding happens only on `npm run seed`.
CMD ["sh", "-c", "npx prisma migrate deploy && exec node --import tsx src/server.ts"]
