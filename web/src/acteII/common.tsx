import { useMemo, type ReactNode } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import { useSession } from '../api/session.js';
import type { Page } from '../api/client.js';
import { useApi } from '../api/useApi.js';
import type { Option } from '../components/forms.js';
import { formatNumber } from '../components/format.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { LEVELS_1969, LEVEL_1969_LABELS, derivedLevel2019, levels2019For, type Level1969 } from '../../../src/shared/qualification.js';
import './acteII.css';

export const ACTE_II_CRUMB = { label: 'Acte II', to: '/acte-ii' };
export const CONTRACTS_CRUMB = { label: 'Contrats de professionnalisation', to: '/acte-ii/contrats' };
export const PATHWAYS_CRUMB = { label: 'Parcours intérimaires', to: '/acte-ii/parcours' };
export const PAIRS_CRUMB = { label: 'Binômes intergénérationnels', to: '/acte-ii/binomes' };

export const levelOptions: Option[] = LEVELS_1969.map((l) => ({ value: l, label: LEVEL_1969_LABELS[l] }));
export const sexOptions: Option[] = [{ value: 'F', label: 'Femme' }, { value: 'M', label: 'Homme' }];
export const yesNoOptions: Option[] = [{ value: 'true', label: 'Oui' }, { value: 'false', label: 'Non' }];

/** « niveau 4 (cadre 2019) », or the choice left when the 1969 level maps to two. */
export function level2019Text(level: string): string {
  if (!level) return '';
  const derived = derivedLevel2019(level as Level1969);
  if (derived) return `niveau ${derived} (cadre national des certifications de 2019)`;
  return `niveau ${levels2019For(level as Level1969).join(' ou ')} (cadre de 2019, à préciser selon le diplôme)`;
}

/**
 * What the signed-in user may do in Acte II, mirroring the server's policies
 * (src/proContracts/contractPolicy.ts, src/tempPathways/pathwayPolicy.ts, src/pairs/pairPolicy.ts).
 * The server refuses anyway; this only avoids showing lists and buttons that would fail.
 */
export function useActeIIAccess() {
  const { me, can } = useSession();
  const kind = me?.membership.organisation.kind ?? '';
  const writes = me?.membership.role !== 'reader';
  const readsFiles = can('readFiles');
  const all = ['state', 'region', 'secretariat'].includes(kind);
  return {
    kind,
    contracts: { list: readsFiles && (all || kind === 'company' || kind === 'training_fund'), write: writes && ['company', 'training_fund', 'secretariat'].includes(kind) },
    pathways: { list: readsFiles && (all || kind === 'temp_agency'), write: writes && ['temp_agency', 'secretariat'].includes(kind) },
    pairs: { list: readsFiles && (all || kind === 'company'), write: writes && ['company', 'secretariat'].includes(kind) },
    isCompany: kind === 'company',
    isFund: kind === 'training_fund',
    organisationId: me?.membership.organisation.id ?? 0,
    organisationName: me?.membership.organisation.name ?? '',
  };
}

interface OrgRow { id: number; name: string; kind: string }

/**
 * Companies the user may pick: those the organisations API shows (all of them to an administrator),
 * plus the employers of the contracts the user sees (a fund or the secretariat does not list companies otherwise).
 */
export function useCompanyOptions(enabled: boolean): Option[] {
  const orgs = useApi<Page<OrgRow>>(enabled ? '/api/organisations' : null, { kind: 'company', pageSize: 200, sort: 'name', order: 'asc' });
  const contracts = useApi<Page<{ companyId: number; companyName: string }>>(enabled ? '/api/pro-contracts' : null, { pageSize: 200 });
  return useMemo(() => {
    const map = new Map<number, string>();
    for (const o of orgs.data?.items ?? []) if (o.kind === 'company') map.set(o.id, o.name);
    for (const c of contracts.data?.items ?? []) map.set(c.companyId, c.companyName);
    return [...map.entries()].sort((a, b) => a[1].localeCompare(b[1], 'fr')).map(([id, name]) => ({ value: String(id), label: name }));
  }, [orgs.data, contracts.data]);
}

/** Training funds (OPCA/OPCO), visible to every signed-in user. */
export function useFundOptions(): Option[] {
  const { data } = useApi<Page<OrgRow>>('/api/organisations', { kind: 'training_fund', pageSize: 200, sort: 'name', order: 'asc' });
  return useMemo(() => (data?.items ?? []).map((o) => ({ value: String(o.id), label: o.name })), [data]);
}

/** 2450 (basis points) → « 24,5 % ». */
export function percentBp(bp: number): string {
  return `${(bp / 100).toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace(/\u202f/g, '\u00a0')}\u00a0%`;
}

/** 151.67 → « 151,67 h ». */
export function hoursText(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '—';
  return `${hours.toLocaleString('fr-FR', { maximumFractionDigits: 2 }).replace(/\u202f/g, '\u00a0')}\u00a0h`;
}

/** « 2012-09 » → « septembre 2012 ». */
export function monthText(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Key figures shown as a definition list (label above, value below). */
export function KeyFigures({ items, label }: { items: { label: string; value: ReactNode }[]; label?: string }) {
  return (
    <dl className="parcours-acte2-figures" title={label}>
      {items.map((i) => (
        <div key={i.label}><dt>{i.label}</dt><dd>{i.value}</dd></div>
      ))}
    </dl>
  );
}

/** Progress towards a target: bar, count and places left. */
export function TargetProgress({ label, done, target }: { label: string; done: number; target: number }) {
  const value = target > 0 ? Math.min(100, (done * 100) / target) : 0;
  return (
    <div className={fr.cx('fr-mb-3w')}>
      <ProgressBar value={value} label={`${label} : ${formatNumber(done)} sur ${formatNumber(target)}`} />
      <p className={fr.cx('fr-text--sm', 'fr-mb-0')}>Places restantes : <strong>{formatNumber(Math.max(0, target - done))}</strong></p>
    </div>
  );
}

/** Key/value description list used on detail pages. */
export function Details({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="parcours-acte2-kv">
      {items.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v ?? '—'}</dd></div>)}
    </dl>
  );
}

/** Message shown to readers instead of a list they may not see. */
export function CountersOnlyNotice({ what }: { what: string }) {
  return (
    <div className={fr.cx('fr-callout', 'fr-mt-4w')}>
      <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Chiffres agrégés seulement</h2>
      <p className={fr.cx('fr-callout__text')}>
        Votre rôle donne accès aux compteurs, pas aux dossiers individuels des {what}. Les listes nominatives sont réservées
        aux organisations qui enregistrent ou financent ces dossiers, à l’État, à la Région et au secrétariat de la cellule.
      </p>
    </div>
  );
}

/** Rule issues (errors and warnings) of a saved record, in French. */
export function IssuesList({ issues, title = 'Points de vigilance' }: { issues: { code: string; message: string; severity: string }[]; title?: string }) {
  if (!issues.length) return null;
  const errors = issues.filter((i) => i.severity === 'error');
  return (
    <div className={fr.cx('fr-alert', errors.length ? 'fr-alert--error' : 'fr-alert--warning', 'fr-mb-4w')}>
      <h2 className={fr.cx('fr-alert__title')}>{title}</h2>
      <ul>{issues.map((i, k) => <li key={`${i.code}-${k}`}>{i.message}</li>)}</ul>
    </div>
  );
}

export const HISTORY_ACTIONS: Record<string, string> = {
  created: 'Création', edited: 'Modification', imported: 'Import', followUp: 'Suite de parcours', exited: 'Sortie du parcours',
};
