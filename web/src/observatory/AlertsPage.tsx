import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useApi, useMutation } from '../api/useApi.js';
import { Page } from '../components/Page.js';
import { ErrorAlert, Loading, Notice } from '../components/feedback.js';
import { DateFr, formatNumber } from '../components/format.js';
import { TableFrame } from '../programmes/TableFrame.js';
import { ObservatoryNav, OBSERVATORY } from './ObservatoryNav.js';
import { percentText } from './format.js';
import type { Overview } from './types.js';
import { useState } from 'react';
import './observatory.css';

interface AlertsResponse {
  alerts: { id: number; areaLabel: string; fapLabel: string; year: number; value: string; openedAt: string; status: string; digestId: number | null; rule: string }[];
  rules: { id: number; label: string; throttleDays: number; isActive: boolean }[];
  digests: { id: number; producedAt: string; alertCount: number; body: string }[];
  usage: Overview['alerts'];
}

const STATUS: Record<string, string> = { open: 'ouverte', acted: 'traitée', dismissed: 'écartée' };

/** /observatoire/alertes: alerts opened by the rules, their follow-up, the weekly digests and how alerts are used. */
export function AlertsPage() {
  const { data, error, loading, reload } = useApi<AlertsResponse>('/api/observatory/alerts');
  const overview = useApi<Overview>('/api/observatory');
  const [message, setMessage] = useState<string | undefined>();
  const digest = useMutation(async () => {
    const r = await api.post<{ digestId: number | null; alerts: number }>('/api/observatory/digests', {});
    setMessage(r.digestId === null ? 'Aucune nouvelle alerte : aucun récapitulatif envoyé.' : `Récapitulatif envoyé au secrétariat et à la plénière : ${r.alerts} alerte${r.alerts > 1 ? 's' : ''}.`);
    reload();
  });
  const follow = useMutation(async (id: number, status: string) => { await api.post(`/api/observatory/alerts/${id}/follow`, { status }); reload(); });
  const mayWrite = overview.data?.may.write ?? false;
  return (
    <Page title="Alertes de l’observatoire" breadcrumb={[{ label: 'Pilotage', to: '/pilotage' }, OBSERVATORY]}
      lead="Règles tenues comme des données ; chaque import les applique, une même alerte n’est pas relancée avant le délai de sa règle, et un récapitulatif part chaque lundi vers la cellule et la plénière.">
      <ObservatoryNav />
      {loading && !data && <Loading />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {message && <Notice message={message} onClose={() => setMessage(undefined)} />}
      {data && (
        <>
          <p>{formatNumber(data.usage.opened)} alertes ouvertes, {formatNumber(data.usage.inDigest)} envoyées dans un récapitulatif, {formatNumber(data.usage.seen)} consultées, {formatNumber(data.usage.acted)} suivies d’une action ({percentText(data.usage.actedShareBp)}), {formatNumber(data.usage.dismissed)} écartées.</p>
          {mayWrite && <button type="button" className={fr.cx('fr-btn', 'fr-mb-3w')} disabled={digest.pending} onClick={() => void digest.run()}>Envoyer le récapitulatif maintenant</button>}
          {digest.error && <ErrorAlert error={digest.error} />}
          <h2 className={fr.cx('fr-h5')}>Règles</h2>
          <ul>{data.rules.map((r) => <li key={r.id}>{r.label} — délai entre deux alertes : {r.throttleDays} jours{r.isActive ? '' : ' (désactivée)'}</li>)}</ul>
          <TableFrame caption="Alertes (les plus récentes d’abord)"
            head={<><th scope="col">Zone d’emploi</th><th scope="col">Métier</th><th scope="col">Année</th><th scope="col">Constat</th><th scope="col">Règle</th><th scope="col">Ouverte le</th><th scope="col">Récapitulatif</th><th scope="col">Suite</th></>}>
            {data.alerts.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.areaLabel}</th><td>{a.fapLabel}</td><td>{a.year}</td><td>{a.value}</td><td>{a.rule}</td>
                <td><DateFr value={a.openedAt} style="short" /></td>
                <td>{a.digestId ? `n° ${a.digestId}` : 'à envoyer'}</td>
                <td>
                  {STATUS[a.status] ?? a.status}
                  {mayWrite && a.status === 'open' && (
                    <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-sm', 'fr-btns-group--sm', 'fr-mt-1w')}>
                      <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary')} onClick={() => void follow.run(a.id, 'acted')} aria-label={`Marquer traitée : ${a.fapLabel}, ${a.areaLabel}`}>Traitée</button></li>
                      <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary')} onClick={() => void follow.run(a.id, 'dismissed')} aria-label={`Écarter : ${a.fapLabel}, ${a.areaLabel}`}>Écarter</button></li>
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </TableFrame>
          <h2 className={fr.cx('fr-h5', 'fr-mt-4w')}>Récapitulatifs envoyés</h2>
          {data.digests.length === 0 ? <p><em>Aucun récapitulatif envoyé.</em></p> : data.digests.map((d) => (
            <div key={d.id} className={fr.cx('fr-callout', 'fr-mb-2w')}>
              <h3 className={fr.cx('fr-callout__title', 'fr-h6')}>Récapitulatif n° {d.id} du <DateFr value={d.producedAt} style="withTime" /> — {d.alertCount} alerte{d.alertCount > 1 ? 's' : ''}</h3>
              <p className={fr.cx('fr-callout__text', 'fr-text--sm')} style={{ whiteSpace: 'pre-line' }}>{d.body}</p>
            </div>
          ))}
        </>
      )}
    </Page>
  );
}
