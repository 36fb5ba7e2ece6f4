import { describe, expect, it } from "vitest";
import type { DataSources, ProviderStatus } from "./api-types";
import { dataSourceState } from "./data-source-status";

function provider(overrides: Partial<ProviderStatus>): ProviderStatus {
  return {
    name: "akshare",
    live: true,
    default: true,
    healthy: true,
    breaker: "closed",
    last_success: null,
    last_failure: null,
    last_error: null,
    cache: null,
    ...overrides,
  };
}

const SAMPLE = provider({ name: "sample", live: false, default: false, breaker: null });
const sources = (...providers: ProviderStatus[]): DataSources => ({
  configured: "auto",
  active: providers[0].name,
  providers,
});

describe("dataSourceState", () => {
  it("is live while a live provider answers", () => {
    expect(dataSourceState(sources(provider({}), SAMPLE))).toBe("live");
  });

  it("is live_down when the live provider's last call failed", () => {
    expect(dataSourceState(sources(provider({ healthy: false, last_error: "timeout" }), SAMPLE))).toBe("live_down");
  });

  it("is live_down when the live provider's breaker is open, whatever healthy says", () => {
    expect(dataSourceState(sources(provider({ breaker: "open" }), SAMPLE))).toBe("live_down");
  });

  it("is live when one of two live providers still answers", () => {
    const failing = provider({ name: "other", healthy: false });
    expect(dataSourceState(sources(failing, provider({}), SAMPLE))).toBe("live");
  });

  it("is no_live when only offline providers are configured", () => {
    expect(dataSourceState(sources(SAMPLE))).toBe("no_live");
  });
});
