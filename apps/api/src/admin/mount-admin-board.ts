import type { Queue } from "bullmq";
import type express from "express";
import type { Logger } from "@ocrflow/shared/logger";
import type { ApiConfig } from "../config.ts";
import { ADMIN_BOARD_PATH, createAdminBoard } from "./admin-board.ts";
import { requireAdmin } from "./require-admin.ts";

/**
 * Serves Bull Board at /admin/queues behind the admin credentials. With no
 * credentials configured the board is off (its path answers 404), and the
 * log says how to turn it on.
 */
export function mountAdminBoard(app: express.Express, deps: { config: ApiConfig; logger: Logger; queues: readonly Queue[] }): void {
  const { ADMIN_USER: user, ADMIN_PASSWORD: password } = deps.config;
  if (!user || !password) {
    deps.logger.info("admin board off: set ADMIN_USER and ADMIN_PASSWORD to serve Bull Board", { path: ADMIN_BOARD_PATH });
    return;
  }
  app.use(ADMIN_BOARD_PATH, requireAdmin({ user, password }), createAdminBoard(deps.queues));
}
