import { useEffect, useState } from 'react';
import { api, ApiError, toApiError } from '../api/client.js';

export interface MeasureOption { id: number; label: string }

interface MeasureLike { id: number; code?: string; name?: string; kind?: string; programmeName?: string }

/** Reads measures from the shapes /api/programmes may answer: a list envelope or an array of programmes with their measures, or of measures. */
function measuresFrom(data: unknown): MeasureLike[] {
  const list: any[] = Array.isArray(data) ? data : Array.isArray((data as any)?.items) ? (data as any).items : [];
  return list.flatMap((p: any) => Array.isArray(p?.measures)
    ? p.measures.map((m: any) => ({ ...m, programmeName: p.name }))
    : typeof p?.kind === 'string' && typeof p?.id === 'number' ? [p] : []);
}

/**
 * The measures (dispositifs) that receive weekly-cell requests, from the programmes API.
 * A missing or failing API gives a French error: the form then cannot be saved, since the
 * server needs a real measure id.
 */
export function useWeeklyCellMeasures(): { options: MeasureOption[] | undefined; error: ApiError | undefined; loading: boolean } {
  const [options, setOptions] = useState<MeasureOption[] | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      let lastError: ApiError | undefined;
      for (const [path, query] of [['/api/programmes', { pageSize: 100 }], ['/api/measures', { kind: 'weekly_cell', pageSize: 100 }]] as const) {
        try {
          const data = await api.get<unknown>(path, { query, signal: controller.signal });
          const measures = measuresFrom(data).filter((m) => m.kind === 'weekly_cell');
          if (measures.length) {
            setOptions(measures.map((m) => ({ id: m.id, label: [m.code, m.name].filter(Boolean).join(' — ') || `Dispositif ${m.id}` })));
            return;
          }
        } catch (e) {
          lastError = toApiError(e);
          if (lastError.code === 'aborted') return;
        }
      }
      if (controller.signal.aborted) return;
      setOptions([]);
      setError(new ApiError(lastError?.status ?? 0, 'measures_unavailable',
        'La liste des dispositifs de la cellule hebdomadaire est indisponible pour le moment (service des programmes injoignable). '
        + 'Vous ne pouvez pas créer de demande tant qu’elle ne répond pas ; réessayez plus tard ou contactez le secrétariat de la cellule.'));
    })();
    return () => controller.abort();
  }, []);
  return { options, error, loading: options === undefined };
}
