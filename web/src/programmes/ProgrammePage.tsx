import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { api } from '../api/client.js';
import { useSession } from '../api/session.js';
import { useApi } from '../api/useApi.js';
import { ConfirmButton } from '../components/ConfirmButton.js';
import { ErrorAlert, FlashNotice, Loading, Notice, useNotify } from '../components/feedback.js';
import { formatNumber, Money, formatEuros } from '../components/format.js';
import { Page } from '../components/Page.js';
import { EditorPanel, EnvelopeForm, FundingRuleForm, MeasureForm, RoutingRuleForm, TargetForm } from './editors.js';
import { consumption, formatBp, formatPeriod, PROGRAMMES_CRUMB } from './labels.js';
import type { Envelope, FundingRule, MeasureDetail, ProgrammeDetail, RoutingRule, Target } from './types.js';
import { TableFrame } from './TableFrame.js';
import { ExpectedDocumentsSection } from './ExpectedDocumentsSection.js';
import './programmes.css';

type Editor =
  | { kind: 'measure'; item?: MeasureDetail }
  | { kind: 'target'; measureId: number; item?: Target }
  | { kind: 'envelope'; measureId: number; item?: Envelope }
  | { kind: 'fundingRule'; measureId: number; item?: FundingRule }
  | { kind: 'routingRule'; measureId: number; item?: RoutingRule };

/**
 * /programmes/:id — a programme's measures with their targets, envelopes (amount,
 * committed, paid, remaining), dated funding rules and routing rules. Administrators
 * edit each element in place.
 */
export function ProgrammePage() {
  const { id } = useParams();
  const { can } = useSession();
  const admin = can('administerPlatform');
  const { data, error, loading, reload } = useApi<ProgrammeDetail>(`/api/programmes/${id}`);
  const [editor, setEditor] = useState<Editor | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const notify = useNotify();

  const open = (next: Editor) => { setNotice(undefined); setEditor(next); };
  const done = (message: string) => { setEditor(undefined); setNotice(message); reload(); };
  const deleted = (message: string) => { setNotice(message); reload(); };

  if (loading && !data) return <Page title="Programme" breadcrumb={[PROGRAMMES_CRUMB]}><Loading /></Page>;
  if (error && !data) return <Page title="Programme" breadcrumb={[PROGRAMMES_CRUMB]}><ErrorAlert error={error} onRetry={reload} /></Page>;
  if (!data) return null;

  const editorFor = (kind: Editor['kind'], measureId?: number) =>
    editor && editor.kind === kind && (!('measureId' in editor) || editor.measureId === measureId) ? editor : undefined;
  const common = { onDone: done, onCancel: () => setEditor(undefined), onReload: () => { setEditor(undefined); reload(); } };

  return (
    <Page title={data.name} breadcrumb={[PROGRAMMES_CRUMB]}
      lead={<>{data.code} — {formatPeriod(data.startsOn, data.endsOn)}</>}
      actions={
        <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline-md', 'fr-btns-group--icon-left')}>
          <li><Link className={fr.cx('fr-btn', 'fr-icon-bar-chart-box-line')} to={`/programmes/${data.id}/rapport`}>Bilan du programme</Link></li>
          {admin && <li><Link className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-edit-line')} to={`/programmes/${data.id}/modifier`}>Modifier le programme</Link></li>}
          {admin && (
            <li>
              <ConfirmButton label="Supprimer le programme" size="md" iconId="fr-icon-delete-line" title={`Supprimer le programme ${data.code} ?`} confirmLabel="Supprimer le programme"
                onConfirm={async () => {
                  await api.delete(`/api/programmes/${data.id}?version=${data.version}`);
                  notify('/programmes', `Programme ${data.code} supprimé.`);
                }}>
                <p>Un programme ne peut être supprimé que s’il ne compte plus aucun dispositif. La suppression reste inscrite dans l’historique.</p>
              </ConfirmButton>
            </li>
          )}
        </ul>
      }>
      <FlashNotice />
      {notice && <Notice message={notice} onClose={() => setNotice(undefined)} />}
      {error && <ErrorAlert error={error} onRetry={reload} />}
      {data.description && <p>{data.description}</p>}

      {data.measures.length === 0 && <p>Ce programme ne compte encore aucun dispositif.</p>}
      {admin && !editorFor('measure') && (
        <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-icon-add-line', 'fr-btn--icon-left', 'fr-mb-2w')} onClick={() => open({ kind: 'measure' })}>
          Ajouter un dispositif
        </button>
      )}
      {admin && editor?.kind === 'measure' && !editor.item && (
        <EditorPanel title="Nouveau dispositif"><MeasureForm programmeId={data.id} {...common} /></EditorPanel>
      )}

      {data.measures.map((m) => (
        <section key={m.id} className="parcours-measure" aria-labelledby={`dispositif-${m.id}`}>
          <div className={fr.cx('fr-grid-row', 'fr-grid-row--middle', 'fr-mb-2w')}>
            <div className={fr.cx('fr-col')}>
              <h2 id={`dispositif-${m.id}`} className={fr.cx('fr-h3', 'fr-mb-1v')}>{m.code} — {m.name}</h2>
              <p className={fr.cx('fr-mb-0')}>{m.kindLabel} · {formatPeriod(m.startsOn, m.endsOn)} · {m.requestCount === 0 ? 'aucune demande' : `${formatNumber(m.requestCount)} demande${m.requestCount > 1 ? 's' : ''}`}</p>
            </div>
            {admin && (
              <div className={fr.cx('fr-col-12', 'fr-mt-2w', 'fr-mt-md-0') + ' parcours-col-md-auto'}>
                <div className="parcours-actions">
                  <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm')} aria-label={`Modifier le dispositif ${m.code}`} onClick={() => open({ kind: 'measure', item: m })}>Modifier</button>
                  <ConfirmButton label="Supprimer" srLabel={`Supprimer le dispositif ${m.code}`} title={`Supprimer le dispositif ${m.code} ?`} confirmLabel="Supprimer le dispositif"
                    onConfirm={async () => { await api.delete(`/api/measures/${m.id}?version=${m.version}`); deleted(`Dispositif ${m.code} supprimé.`); }}>
                    <p>Ses objectifs, enveloppes et règles seront supprimés avec lui. Un dispositif qui porte des demandes ne peut pas être supprimé : renseignez plutôt sa date de fin.</p>
                  </ConfirmButton>
                </div>
              </div>
            )}
          </div>
          {admin && editor?.kind === 'measure' && editor.item?.id === m.id && (
            <EditorPanel title={`Modifier le dispositif ${m.code}`}><MeasureForm programmeId={data.id} item={m} {...common} /></EditorPanel>
          )}

          <Targets measure={m} admin={admin} onEdit={(item) => open({ kind: 'target', measureId: m.id, item })} onDeleted={deleted}>
            {admin && editorFor('target', m.id) && (
              <EditorPanel title={editor!.item ? 'Modifier l’objectif' : `Nouvel objectif pour ${m.code}`}>
                <TargetForm measureId={m.id} item={(editor as { item?: Target }).item} {...common} />
              </EditorPanel>
            )}
          </Targets>

          <Envelopes measure={m} admin={admin} onEdit={(item) => open({ kind: 'envelope', measureId: m.id, item })} onDeleted={deleted}>
            {admin && editorFor('envelope', m.id) && (
              <EditorPanel title={editor!.item ? `Modifier l’enveloppe ${(editor!.item as Envelope).funderLabel}` : `Nouvelle enveloppe pour ${m.code}`}>
                <EnvelopeForm measureId={m.id} item={(editor as { item?: Envelope }).item} {...common} />
              </EditorPanel>
            )}
          </Envelopes>

          <FundingRules measure={m} admin={admin} onEdit={(item) => open({ kind: 'fundingRule', measureId: m.id, item })} onDeleted={deleted}>
            {admin && editorFor('fundingRule', m.id) && (
              <EditorPanel title={editor!.item ? `Modifier la règle « ${(editor!.item as FundingRule).label} »` : `Nouvelle règle de financement pour ${m.code}`}>
                <FundingRuleForm measureId={m.id} item={(editor as { item?: FundingRule }).item} {...common} />
              </EditorPanel>
            )}
          </FundingRules>

          <RoutingRules measure={m} admin={admin} onEdit={(item) => open({ kind: 'routingRule', measureId: m.id, item })} onDeleted={deleted}>
            {admin && editorFor('routingRule', m.id) && (
              <EditorPanel title={editor!.item ? `Modifier la règle « ${(editor!.item as RoutingRule).label} »` : `Nouvelle règle d’aiguillage pour ${m.code}`}>
                <RoutingRuleForm measureId={m.id} item={(editor as { item?: RoutingRule }).item} {...common} />
              </EditorPanel>
            )}
          </RoutingRules>

          {m.kind === 'weekly_cell' && <ExpectedDocumentsSection measureId={m.id} code={m.code} admin={admin} />}
        </section>
      ))}
      {!admin && (
        <p className={fr.cx('fr-mt-4w', 'fr-text--sm')}>La configuration des programmes est tenue par les administrateurs de la plateforme.</p>
      )}
      <p className={fr.cx('fr-mt-4w')}>
        <Link className={fr.cx('fr-link', 'fr-icon-arrow-left-line', 'fr-link--icon-left')} to="/programmes">Retour aux programmes</Link>
      </p>
    </Page>
  );
}

// ---- Sections of a measure ----------------------------------------------------

interface SectionProps<T> {
  measure: MeasureDetail;
  admin: boolean;
  onEdit: (item?: T) => void;
  onDeleted: (message: string) => void;
  /** The open editor, shown under the table. */
  children?: ReactNode;
}

function SubSection({ id, title, admin, addLabel, onAdd, editorOpen, children, editor }: {
  id: string; title: string; admin: boolean; addLabel: string; onAdd: () => void; editorOpen: boolean; children: ReactNode; editor?: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={fr.cx('fr-mt-4w')}>
      <h3 id={id} className={fr.cx('fr-h5', 'fr-mb-2w')}>{title}</h3>
      {children}
      {editor}
      {admin && !editorOpen && (
        <button type="button" className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-btn--sm', 'fr-icon-add-line', 'fr-btn--icon-left')} onClick={onAdd}>{addLabel}</button>
      )}
    </section>
  );
}

function Table({ caption, head, children, foot }: { caption: string; head: ReactNode; children: ReactNode; foot?: ReactNode }) {
  return <TableFrame caption={caption} head={head} foot={foot} hideCaption className={fr.cx('fr-mb-2w')}>{children}</TableFrame>;
}

function RowActions({ what, onEdit, deleteTitle, deleteText, onDelete }: { what: string; onEdit: () => void; deleteTitle: string; deleteText: ReactNode; onDelete: () => Promise<unknown> }) {
  return (
    <div className="parcours-actions">
      <button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-btn--sm')} aria-label={`Modifier ${what}`} onClick={onEdit}>Modifier</button>
      <ConfirmButton label="Supprimer" srLabel={`Supprimer ${what}`} title={deleteTitle} confirmLabel="Supprimer" onConfirm={onDelete}>
        {deleteText}
      </ConfirmButton>
    </div>
  );
}

function Targets({ measure: m, admin, onEdit, onDeleted, children }: SectionProps<Target>) {
  return (
    <SubSection id={`objectifs-${m.id}`} title="Objectifs" admin={admin} addLabel="Ajouter un objectif" onAdd={() => onEdit()} editorOpen={!!children} editor={children}>
      {m.targets.length === 0 ? <p className={fr.cx('fr-text--sm')}>Aucun objectif chiffré.</p> : (
        <Table caption={`Objectifs du dispositif ${m.code}`}
          head={<><th scope="col">Objectif</th><th scope="col">Indicateur</th><th scope="col" className="parcours-numeric">Valeur visée</th>{admin && <th scope="col">Actions</th>}</>}>
          {m.targets.map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.label}</th>
              <td><code>{t.indicator}</code></td>
              <td className="parcours-numeric">{formatNumber(t.value)}</td>
              {admin && (
                <td><RowActions what={`l’objectif « ${t.label} »`} onEdit={() => onEdit(t)} deleteTitle="Supprimer cet objectif ?"
                  deleteText={<p>L’objectif « {t.label} » ({formatNumber(t.value)}) sera retiré du dispositif {m.code}.</p>}
                  onDelete={async () => { await api.delete(`/api/targets/${t.id}?version=${t.version}`); onDeleted(`Objectif « ${t.label} » supprimé.`); }} /></td>
              )}
            </tr>
          ))}
        </Table>
      )}
    </SubSection>
  );
}

function Meter({ committed, amount }: { committed: number; amount: number }) {
  const value = consumption(committed, amount);
  const over = committed > amount;
  const text = `${formatNumber(Math.round(value))} %`;
  return (
    <div className={'parcours-meter' + (over ? ' parcours-meter--over' : '')}>
      <progress max={100} value={value} aria-label={`Consommation : ${text} engagés${over ? ', enveloppe dépassée' : ''}`} />
      <span aria-hidden="true">{text}</span>
    </div>
  );
}

function Envelopes({ measure: m, admin, onEdit, onDeleted, children }: SectionProps<Envelope>) {
  const total = m.envelopes.reduce((s, e) => ({
    amount: s.amount + e.amountCents, committed: s.committed + e.committedCents, paid: s.paid + e.paidCents, remaining: s.remaining + e.remainingCents,
  }), { amount: 0, committed: 0, paid: 0, remaining: 0 });
  return (
    <SubSection id={`enveloppes-${m.id}`} title="Enveloppes par financeur" admin={admin} addLabel="Ouvrir une enveloppe" onAdd={() => onEdit()} editorOpen={!!children} editor={children}>
      {m.envelopes.length === 0 ? <p className={fr.cx('fr-text--sm')}>Aucune enveloppe ouverte.</p> : (
        <Table caption={`Enveloppes du dispositif ${m.code}`}
          head={<>
            <th scope="col">Financeur</th>
            <th scope="col" className="parcours-numeric">Enveloppe</th>
            <th scope="col" className="parcours-numeric">Engagé</th>
            <th scope="col" className="parcours-numeric">Versé</th>
            <th scope="col" className="parcours-numeric">Reste à engager</th>
            <th scope="col">Consommation</th>
            {admin && <th scope="col">Actions</th>}
          </>}
          foot={m.envelopes.length > 1 && (
            <tr className="parcours-total">
              <th scope="row">Total</th>
              <td className="parcours-numeric"><Money cents={total.amount} /></td>
              <td className="parcours-numeric"><Money cents={total.committed} /></td>
              <td className="parcours-numeric"><Money cents={total.paid} /></td>
              <td className="parcours-numeric"><Money cents={total.remaining} /></td>
              <td><Meter committed={total.committed} amount={total.amount} /></td>
              {admin && <td />}
            </tr>
          )}>
          {m.envelopes.map((e) => (
            <tr key={e.id}>
              <th scope="row">{e.funderLabel}</th>
              <td className="parcours-numeric"><Money cents={e.amountCents} /></td>
              <td className="parcours-numeric"><Money cents={e.committedCents} /></td>
              <td className="parcours-numeric"><Money cents={e.paidCents} /></td>
              <td className="parcours-numeric"><Money cents={e.remainingCents} /></td>
              <td><Meter committed={e.committedCents} amount={e.amountCents} /></td>
              {admin && (
                <td><RowActions what={`l’enveloppe ${e.funderLabel}`} onEdit={() => onEdit(e)} deleteTitle={`Supprimer l’enveloppe ${e.funderLabel} ?`}
                  deleteText={<p>L’enveloppe de {formatEuros(e.amountCents)} du dispositif {m.code} sera supprimée. Une enveloppe qui porte des engagements ne peut pas l’être : ajustez plutôt son montant.</p>}
                  onDelete={async () => { await api.delete(`/api/envelopes/${e.id}?version=${e.version}`); onDeleted(`Enveloppe ${e.funderLabel} supprimée.`); }} /></td>
              )}
            </tr>
          ))}
        </Table>
      )}
    </SubSection>
  );
}

function FundingRules({ measure: m, admin, onEdit, onDeleted, children }: SectionProps<FundingRule>) {
  return (
    <SubSection id={`regles-financement-${m.id}`} title="Règles de financement" admin={admin} addLabel="Ajouter une règle de financement" onAdd={() => onEdit()} editorOpen={!!children} editor={children}>
      <p className={fr.cx('fr-text--sm', 'fr-mb-2w')}>Chaque règle vaut pour une période : une demande suit la règle en vigueur à sa date. Deux règles d’un même financeur et d’une même tranche d’effectif ne peuvent pas se chevaucher.</p>
      {m.fundingRules.length === 0 ? <p className={fr.cx('fr-text--sm')}>Aucune règle de financement.</p> : (
        <Table caption={`Règles de financement du dispositif ${m.code}`}
          head={<>
            <th scope="col">Règle (financeur)</th>
            <th scope="col">Validité</th>
            <th scope="col" className="parcours-numeric">Taux maximal</th>
            <th scope="col" className="parcours-numeric">Plafond horaire</th>
            <th scope="col" className="parcours-numeric">Effectif maximal</th>
            {admin && <th scope="col">Actions</th>}
          </>}>
          {m.fundingRules.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.label}<br /><span className={fr.cx('fr-text--xs', 'fr-text--regular')}>{r.funderLabel ?? r.funder}</span></th>
              <td>{formatPeriod(r.validFrom, r.validTo)}</td>
              <td className="parcours-numeric">{r.maxRateBp === null ? '—' : formatBp(r.maxRateBp)}</td>
              <td className="parcours-numeric">{r.hourlyCapCents === null ? '—' : <><Money cents={r.hourlyCapCents} />&nbsp;/&nbsp;h</>}</td>
              <td className="parcours-numeric">{r.maxHeadcount === null ? 'Sans limite' : `${formatNumber(r.maxHeadcount)} salariés`}</td>
              {admin && (
                <td><RowActions what={`la règle « ${r.label} »`} onEdit={() => onEdit(r)} deleteTitle="Supprimer cette règle de financement ?"
                  deleteText={<p>La règle « {r.label} » ({r.funderLabel}) ne s’appliquera plus aux demandes du dispositif {m.code}. L’historique du programme la conserve.</p>}
                  onDelete={async () => { await api.delete(`/api/funding-rules/${r.id}?version=${r.version}`); onDeleted(`Règle de financement « ${r.label} » supprimée.`); }} /></td>
              )}
            </tr>
          ))}
        </Table>
      )}
    </SubSection>
  );
}

function RoutingRules({ measure: m, admin, onEdit, onDeleted, children }: SectionProps<RoutingRule>) {
  return (
    <SubSection id={`regles-aiguillage-${m.id}`} title="Règles d’aiguillage (qui instruit)" admin={admin} addLabel="Ajouter une règle d’aiguillage" onAdd={() => onEdit()} editorOpen={!!children} editor={children}>
      {m.routingRules.length === 0 ? <p className={fr.cx('fr-text--sm')}>Aucune règle d’aiguillage.</p> : (
        <Table caption={`Règles d’aiguillage du dispositif ${m.code}`}
          head={<>
            <th scope="col">Règle</th>
            <th scope="col">Partenaire qui instruit</th>
            <th scope="col">Conditions</th>
            <th scope="col">Avis</th>
            {admin && <th scope="col">Actions</th>}
          </>}>
          {m.routingRules.map((r) => {
            const conditions = [
              r.funderLabel && `financement ${r.funderLabel}`,
              r.departement && `département ${r.departement}`,
              r.nafSection && `section NAF ${r.nafSection}`,
              r.isJobSeekersOnly && 'demandeurs d’emploi formés',
            ].filter(Boolean);
            return (
              <tr key={r.id}>
                <th scope="row">{r.label}</th>
                <td>{r.organisationName ?? '—'}</td>
                <td>{conditions.length ? conditions.join(' ; ') : 'Toutes les demandes'}</td>
                <td>{r.isRequired ? 'Obligatoire' : 'Facultatif'}</td>
                {admin && (
                  <td><RowActions what={`la règle « ${r.label} »`} onEdit={() => onEdit(r)} deleteTitle="Supprimer cette règle d’aiguillage ?"
                    deleteText={<p>Les nouvelles demandes du dispositif {m.code} ne seront plus adressées à {r.organisationName ?? 'ce partenaire'} par cette règle.</p>}
                    onDelete={async () => { await api.delete(`/api/routing-rules/${r.id}?version=${r.version}`); onDeleted(`Règle d’aiguillage « ${r.label} » supprimée.`); }} /></td>
                )}
              </tr>
            );
          })}
        </Table>
      )}
    </SubSection>
  );
}
