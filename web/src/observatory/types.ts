import type { borderView, paradoxView, tensionView, waysOutView } from '../../../src/observatory/views.js';
import type { diagnosticView } from '../../../src/observatory/diagnostic.js';

/** Answers of the observatory's API, typed from the server's own view builders. */
export type TensionResponse = ReturnType<typeof tensionView>;
export type ParadoxResponse = Awaited<ReturnType<typeof paradoxView>>;
export type WaysOutResponse = Awaited<ReturnType<typeof waysOutView>>;
export type BorderResponse = Awaited<ReturnType<typeof borderView>>;
export type DiagnosticResponse = Awaited<ReturnType<typeof diagnosticView>>;

export interface Overview {
  years: number[]; year: number | null; synthetic: boolean; reference: { from: number; to: number; fallback: boolean };
  areas: { code: string; label: string; jobs: number }[];
  method: { weights: { offersPerSeeker: number; exitRate: number; difficultShare: number }; components: Record<string, string>; factors: Record<string, string> };
  imports: { id: number; dataset: string; filename: string; years: string; keptCount: number; maskedCount: number; isSynthetic: boolean; importedAt: string }[];
  alerts: { opened: number; inDigest: number; seen: number; acted: number; dismissed: number; actedShareBp: number | null };
  may: { write: boolean; importData: boolean };
}
