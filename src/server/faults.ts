/**
 * Background work (job handlers, timers, the warm-up of the steering views) that rejects
 * without a catch is a fault to log, not a reason to stop serving every other request:
 * Node's default for an unhandled rejection is to end the process.
 */
export function keepServingThroughUnhandledRejections(log: (message: string, reason: unknown) => void = (message, reason) => console.error(message, reason)): void {
  process.on('unhandledRejection', (reason) => log('[parcours] rejet non traité dans un traitement de fond :', reason));
}
