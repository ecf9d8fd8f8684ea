/** req.uploads: the files of a multipart form, read by multipart.ts (a declaration file: Express is extended through its global namespace). */
import type { UploadedFile } from "./multipart.ts";

declare global {
  namespace Express {
    interface Request {
      uploads?: UploadedFile[];
    }
  }
}
