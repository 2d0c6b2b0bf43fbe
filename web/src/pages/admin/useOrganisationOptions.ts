import { useMemo } from 'react';
import type { Page } from '../../api/client.js';
import { useApi } from '../../api/useApi.js';
import type { Option } from '../../components/forms.js';
import { kindLabel, type Organisation } from './labels.js';

/** Organisations as select options (first 200 by name), labelled « Nom (type) ». */
export function useOrganisationOptions(): { options: Option[]; loading: boolean } {
  const { data, loading } = useApi<Page<Organisation>>('/api/organisations', { pageSize: 200, sort: 'name', order: 'asc' });
  const options = useMemo(() => (data?.items ?? []).map((o) => ({ value: String(o.id), label: `${o.name} (${kindLabel(o.kind)})` })), [data]);
  return { options, loading };
}
