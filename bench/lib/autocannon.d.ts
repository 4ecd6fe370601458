// autocannon ships no types; this is the part of its programmatic API the benchmark uses.
declare module "autocannon" {
  type Options = {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
  };
  type Result = {
    latency: { p50: number; p99: number; average: number; max: number };
    requests: { total: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  };
  export default function autocannon(options: Options): Promise<Result>;
}
