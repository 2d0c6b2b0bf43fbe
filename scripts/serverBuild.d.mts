export const SERVER_BUNDLE: string;
export function serverFingerprint(): string;
export function buildServerIfNeeded(): Promise<string>;
