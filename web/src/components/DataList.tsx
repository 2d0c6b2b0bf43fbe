import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination.js';
import { withQuery, type Page } from '../api/client.js';
import { useApi } from '../api/useApi.js';
import { ErrorAlert } from './feedback.js';
import { formatNumber } from './format.js';
import type { Option } from './forms.js';

export interface Column<T> {
  /** Column header. */
  label: string;
  /** Server sort key (see the route's `sortable`); the header becomes a sort button. */
  sort?: string;
  /** Cell content; defaults to row[key]. */
  render?: (row: T) => ReactNode;
  key?: keyof T & string;
  /** Right-align (amounts, counts). */
  numeric?: boolean;
  /** Marks the cell as the row header (<th scope="row">), usually the name column. */
  rowHeader?: boolean;
}

export type Filter =
  | { name: string; label: string; type: 'search' | 'text'; placeholder?: string; hint?: string }
  | { name: string; label: string; type: 'select'; options: Option[]; allLabel?: string; hint?: string };

export interface DataListProps<T> {
  /** GET endpoint answering { items, total, page, pageSize }; `${endpoint}/export` must exist when `exportable`. */
  endpoint: string;
  columns: Column<T>[];
  /** Table caption (also names the region for screen readers). */
  caption: string;
  filters?: Filter[];
  /** Always sent (not shown, not in the URL), e.g. { programmeId: 3 }. */
  fixedQuery?: Record<string, string | number | boolean | undefined>;
  defaultSort?: string;
  defaultOrder?: 'asc' | 'desc';
  pageSize?: number;
  rowKey?: (row: T) => string | number;
  /** Message when nothing matches (with filters) / when the list is empty. */
  emptyMessage?: ReactNode;
  /** Shows « Exporter en CSV / XLSX » links (default true). */
  exportable?: boolean;
  /** Prefix of the URL query keys, when two lists share a page (e.g. "m_"). */
  paramPrefix?: string;
  /** Extra content right of the count (e.g. a « Créer » button). */
  toolbar?: ReactNode;
}

/**
 * A server-side list: filters, sort by column, pagination, count, exports. Filters,
 * sort and page live in the URL query (?q=…&kind=…&sort=name&order=desc&page=2), so a
 * view can be bookmarked or shared.
 *
 *   <DataList<Organisation>
 *     endpoint="/api/organisations"
 *     caption="Organisations"
 *     defaultSort="name"
 *     filters={[
 *       { name: 'q', label: 'Rechercher', type: 'search', placeholder: 'Nom ou SIRET' },
 *       { name: 'kind', label: 'Type', type: 'select', options: kindOptions },
 *     ]}
 *     columns={[
 *       { label: 'Nom', sort: 'name', rowHeader: true, render: (o) => <Link to={`${o.id}`}>{o.name}</Link> },
 *       { label: 'Type', sort: 'kind', key: 'kindLabel' },
 *       { label: 'Montant', numeric: true, render: (r) => <Money cents={r.amount} /> },
 *     ]}
 *     emptyMessage="Aucune organisation ne correspond à ces critères." />
 */
export function DataList<T>(props: DataListProps<T>) {
  const { endpoint, columns, caption, filters = [], fixedQuery, defaultSort, defaultOrder = 'asc', pageSize = 20, exportable = true, paramPrefix = '', toolbar } = props;
  const [params, setParams] = useSearchParams();
  const p = (name: string) => params.get(paramPrefix + name) ?? '';
  const page = Math.max(1, Number(p('page')) || 1);
  const sort = p('sort') || defaultSort || '';
  const order = (p('order') || defaultOrder) as 'asc' | 'desc';
  const filterValues: Record<string, string> = Object.fromEntries(filters.map((f) => [f.name, p(f.name)]));

  const listQuery = { ...fixedQuery, ...filterValues, sort: sort || undefined, order: sort ? order : undefined };
  const { data, error, loading, reload } = useApi<Page<T>>(endpoint, { ...listQuery, page, pageSize });
  const uid = useId().replace(/:/g, '');

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(paramPrefix + key);
      else next.set(paramPrefix + key, value);
    }
    setParams(next);
  };

  const toggleSort = (key: string) => {
    const nextOrder = sort === key && order === 'asc' ? 'desc' : 'asc';
    update({ sort: key, order: nextOrder, page: undefined });
  };

  // A capped total undercounts the pages: always offer the one after the current page while there is one.
  const pageCount = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || pageSize)), data.hasNext ? data.page + 1 : 0) : 1;
  const pageLink = (n: number) => {
    const next = new URLSearchParams(params);
    if (n <= 1) next.delete(paramPrefix + 'page'); else next.set(paramPrefix + 'page', String(n));
    const text = next.toString();
    return { to: text ? `?${text}` : '?' };
  };
  const hasFilters = filters.some((f) => filterValues[f.name]);
  const sortedColumn = columns.find((c) => c.sort === sort);
  const exportHref = (format: 'csv' | 'xlsx') => withQuery(`${endpoint}/export`, { format, ...listQuery });

  return (
    <section aria-labelledby={`${uid}-caption`}>
      {filters.length > 0 && (
        <FilterBar filters={filters} values={filterValues} uid={uid}
          onApply={(values) => update({ ...values, page: undefined })}
          onReset={() => update({ ...Object.fromEntries(filters.map((f) => [f.name, undefined])), page: undefined })}
        />
      )}

      <div className={fr.cx('fr-grid-row', 'fr-grid-row--middle', 'fr-mb-2w')}>
        <div className={fr.cx('fr-col')}>
          <p className={fr.cx('fr-mb-0', 'fr-text--bold')} role="status" aria-live="polite" aria-atomic="true">
            {data ? resultCount(data.total, data.totalIsCapped) : loading ? 'Chargement…' : ''}
          </p>
        </div>
        {(exportable || toolbar) && (
          <div className={fr.cx('fr-col-12') + ' parcours-col-md-auto'}>
            <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline', 'fr-btns-group--sm', 'fr-btns-group--icon-left')}>
              {exportable && (
                <>
                  <li><a className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-icon-download-line')} href={exportHref('csv')} download>Exporter en CSV</a></li>
                  <li><a className={fr.cx('fr-btn', 'fr-btn--tertiary', 'fr-icon-download-line')} href={exportHref('xlsx')} download>Exporter en XLSX</a></li>
                </>
              )}
              {toolbar && <li>{toolbar}</li>}
            </ul>
          </div>
        )}
      </div>

      {error && <ErrorAlert error={error} onRetry={reload} />}

      {data && data.items.length === 0 && !loading ? (
        <div className={fr.cx('fr-callout')}>
          <h2 id={`${uid}-caption`} className={fr.cx('fr-callout__title', 'fr-h6')}>{caption} : aucun résultat</h2>
          <div className={fr.cx('fr-callout__text')}>{props.emptyMessage ?? (hasFilters ? 'Aucun élément ne correspond à ces critères. Modifiez ou réinitialisez les filtres.' : 'La liste est vide pour le moment.')}</div>
        </div>
      ) : (
        <div className={fr.cx('fr-table') + ' parcours-list'} id={`${uid}-table`}>
          <div className={fr.cx('fr-table__wrapper')}>
            <div className={fr.cx('fr-table__container')}>
              <div className={fr.cx('fr-table__content')}>
                <table aria-busy={loading || undefined}>
                  <caption id={`${uid}-caption`}>
                    {caption}
                    {sortedColumn && <span className={fr.cx('fr-sr-only')}>, trié par {sortedColumn.label} {order === 'asc' ? 'croissant' : 'décroissant'}</span>}
                    {data && pageCount > 1 && <span className={fr.cx('fr-sr-only')}>, page {data.page} sur {pageCount}</span>}
                  </caption>
                  <thead>
                    <tr>
                      {columns.map((c) => {
                        const active = !!c.sort && c.sort === sort;
                        return (
                          <th key={c.label} scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                            className={c.numeric ? 'parcours-numeric' : undefined}>
                            {c.sort ? (
                              <button type="button" className="parcours-sort" onClick={() => toggleSort(c.sort!)}>
                                {c.label}
                                <span aria-hidden="true" className={fr.cx('fr-ml-1v', active ? (order === 'asc' ? 'fr-icon-arrow-up-s-line' : 'fr-icon-arrow-down-s-line') : 'ri-arrow-up-down-line', 'fr-icon--sm')} />
                                <span className={fr.cx('fr-sr-only')}>
                                  {active ? (order === 'asc' ? ' (trié croissant, activer pour trier décroissant)' : ' (trié décroissant, activer pour trier croissant)') : ' (activer pour trier)'}
                                </span>
                              </button>
                            ) : c.label}
                          </th>
                        );
                      })}
                    </tr>
                  </thead>
                  <tbody>
                    {(data?.items ?? []).map((row, index) => (
                      <tr key={props.rowKey ? props.rowKey(row) : ((row as any).id ?? index)}>
                        {columns.map((c) => {
                          const content = c.render ? c.render(row) : c.key ? display((row as any)[c.key]) : null;
                          return c.rowHeader
                            ? <th key={c.label} scope="row" className={c.numeric ? 'parcours-numeric' : undefined}>{content}</th>
                            : <td key={c.label} className={c.numeric ? 'parcours-numeric' : undefined}>{content}</td>;
                        })}
                      </tr>
                    ))}
                    {!data && loading && (
                      <tr><td colSpan={columns.length}>Chargement…</td></tr>
                    )}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}

      {data && pageCount > 1 && (
        <Pagination count={pageCount} defaultPage={Math.min(page, pageCount)} getPageLinkProps={pageLink} showFirstLast className={fr.cx('fr-mt-3w')} />
      )}
    </section>
  );
}

function display(value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  return String(value);
}

function resultCount(total: number, capped = false): string {
  if (capped) return `plus de ${formatNumber(total)} résultats`;
  if (total === 0) return 'Aucun résultat';
  return `${formatNumber(total)} résultat${total > 1 ? 's' : ''}`;
}

function FilterBar({ filters, values, onApply, onReset, uid }: {
  filters: Filter[];
  values: Record<string, string>;
  onApply: (values: Record<string, string>) => void;
  onReset: () => void;
  uid: string;
}) {
  const [draft, setDraft] = useState(values);
  const key = JSON.stringify(values);
  useEffect(() => { setDraft(values); /* URL changed (back button, reset) */ // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const submit = (event: FormEvent) => { event.preventDefault(); onApply(draft); };
  const active = Object.values(values).some(Boolean);
  return (
    <form onSubmit={submit} role="search" aria-label="Filtres de la liste" className={fr.cx('fr-mb-3w', 'fr-p-3w') + ' parcours-filters'}>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters', 'fr-grid-row--bottom')}>
        {filters.map((f) => {
          const id = `${uid}-filtre-${f.name}`;
          return (
            <div key={f.name} className={fr.cx('fr-col-12', 'fr-col-md')}>
              {f.type === 'select' ? (
                <div className={fr.cx('fr-select-group', 'fr-mb-0')}>
                  <label className={fr.cx('fr-label')} htmlFor={id}>{f.label}{f.hint && <span className={fr.cx('fr-hint-text')}>{f.hint}</span>}</label>
                  <select id={id} name={f.name} className={fr.cx('fr-select')} value={draft[f.name] ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })}>
                    <option value="">{f.allLabel ?? 'Tous'}</option>
                    {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                </div>
              ) : (
                <div className={fr.cx('fr-input-group', 'fr-mb-0')}>
                  <label className={fr.cx('fr-label')} htmlFor={id}>{f.label}{f.hint && <span className={fr.cx('fr-hint-text')}>{f.hint}</span>}</label>
                  <input id={id} name={f.name} type={f.type === 'search' ? 'search' : 'text'} className={fr.cx('fr-input')} placeholder={f.placeholder}
                    value={draft[f.name] ?? ''} onChange={(e) => setDraft({ ...draft, [f.name]: e.target.value })} />
                </div>
              )}
            </div>
          );
        })}
        <div className={fr.cx('fr-col-12') + ' parcours-col-md-auto'}>
          <ul className={fr.cx('fr-btns-group', 'fr-btns-group--inline')}>
            <li><button type="submit" className={fr.cx('fr-btn', 'fr-mb-0')}>Filtrer</button></li>
            {active && <li><button type="button" className={fr.cx('fr-btn', 'fr-btn--secondary', 'fr-mb-0')} onClick={onReset}>Réinitialiser</button></li>}
          </ul>
        </div>
      </div>
    </form>
  );
}
