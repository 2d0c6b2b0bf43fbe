// The Node flags the server runs with, shared by `npm start` and the benchmark so that the
// memory the benchmark measures is the memory a deployment uses.
//
// A bounded old space makes V8 collect garbage before the process grows: a streamed export
// of a million rows allocates ~200 MB of short-lived strings whose live set stays under
// 50 MB, and an unbounded heap lets them pile up (docs/benchmarks.md). PARCOURS_HEAP_MB
// raises the bound for a deployment that imports very large files.
export function serverNodeFlags(env = process.env) {
  const heapMb = Number(env.PARCOURS_HEAP_MB ?? 160);
  return [`--max-old-space-size=${heapMb}`];
}
