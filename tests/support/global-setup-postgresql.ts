import type { TestProject } from "vitest/node";
import { setupIntegration } from "./global-setup.ts";

export default (project: TestProject) => setupIntegration(project, "postgresql");
