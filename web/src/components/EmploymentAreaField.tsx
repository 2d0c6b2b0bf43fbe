import { useApi } from '../api/useApi.js';
import { SelectField } from './forms.js';

interface EmploymentAreas { zoning: string; items: { code: string; label: string }[] }

/**
 * The zone d'emploi of an establishment, chosen from the reference list; the areas named
 * after towns of the département typed beside it come first.
 */
export function EmploymentAreaField({ name, value, onChange, departement }: {
  name: string; value: string; onChange: (code: string) => void; departement: string;
}) {
  const dep = departement.trim().toUpperCase();
  const areas = useApi<EmploymentAreas>('/api/reference/employment-areas', /^(\d{2}|2A|2B|97\d)$/.test(dep) ? { departement: dep } : undefined);
  return (
    <SelectField name={name} label="Zone d’emploi" value={value} onChange={onChange}
      hint={areas.data ? `${areas.data.zoning} : sert au pilotage par territoire` : 'Zone où se trouve l’établissement'}
      options={(areas.data?.items ?? []).map((a) => ({ value: a.code, label: a.label }))} placeholder="Non renseignée" />
  );
}
