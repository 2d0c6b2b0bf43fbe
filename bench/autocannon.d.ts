/** The part of autocannon 8's API the concurrency benchmark uses (the package ships no types). */
declare module 'autocannon' {
  interface Request { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  interface Options { url: string; connections?: number; duration?: number; requests?: Request[] }
  interface Histogram { p50: number; p97_5: number; p99: number; max: number; average: number }
  interface Result { requests: { total: number; average: number }; latency: Histogram; errors: number; timeouts: number; non2xx: number }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
