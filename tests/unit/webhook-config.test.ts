import { describe, expect, it } from "vitest";
import { loadApiConfig } from "../../apps/api/src/config.ts";
import { loadWorkerConfig } from "../../apps/worker/src/config.ts";

describe("webhook configuration", () => {
  it("is read the same by the API and the workers, with nothing opened by default", () => {
    for (const load of [loadApiConfig, loadWorkerConfig]) {
      expect(load({})).toMatchObject({ WEBHOOK_ALLOWED_NETWORKS: [], WEBHOOK_RETRY_DELAY_MS: 10_000 });
      expect(load({}).WEBHOOK_SECRET).toBeUndefined();
      const config = load({
        WEBHOOK_SECRET: "0123456789abcdef",
        WEBHOOK_ALLOWED_NETWORKS: " 10.1.0.0/16, fd00::/8 ,",
        WEBHOOK_RETRY_DELAY_MS: "250",
      });
      expect(config).toMatchObject({
        WEBHOOK_SECRET: "0123456789abcdef",
        WEBHOOK_ALLOWED_NETWORKS: ["10.1.0.0/16", "fd00::/8"],
        WEBHOOK_RETRY_DELAY_MS: 250,
      });
    }
  });

  it("stops start-up naming the variable on a bad network or a short secret", () => {
    expect(() => loadWorkerConfig({ WEBHOOK_ALLOWED_NETWORKS: "10.0.0.0/8,intranet" })).toThrow(
      /WEBHOOK_ALLOWED_NETWORKS: "intranet" is not/,
    );
    expect(() => loadApiConfig({ WEBHOOK_ALLOWED_NETWORKS: "10.0.0.0/40" })).toThrow(/WEBHOOK_ALLOWED_NETWORKS/);
    expect(() => loadApiConfig({ WEBHOOK_SECRET: "short" })).toThrow(/WEBHOOK_SECRET: must be at least 16 characters/);
  });
});
