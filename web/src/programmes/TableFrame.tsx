import { useId, type ReactNode } from 'react';
import { fr } from '@codegouvfr/react-dsfr';
import './programmes.css';

/**
 * DSFR table markup for a static table. The container scrolls sideways on narrow
 * screens, so it is focusable and named after the caption: keyboard users can scroll it
 * even when the table holds no link or button. Long texts wrap (the DSFR keeps cells on one
 * line), so tables fit the page at desktop widths.
 *
 *   <TableFrame caption="Objectifs" head={<><th scope="col">…</th></>}>{rows}</TableFrame>
 */
export function TableFrame({ caption, head, children, foot, hideCaption = false, id, className }: {
  caption: ReactNode; head: ReactNode; children: ReactNode; foot?: ReactNode;
  /** The caption stays for screen readers only (a heading already names the table). */
  hideCaption?: boolean; id?: string; className?: string;
}) {
  const captionId = useId().replace(/[^A-Za-z0-9]/g, '') + '-caption';
  return (
    <div className={fr.cx('fr-table', hideCaption && 'fr-table--no-caption') + ' parcours-list parcours-table-wrap' + (className ? ` ${className}` : '')} id={id}>
      <div className={fr.cx('fr-table__wrapper')}>
        <div className={fr.cx('fr-table__container')} tabIndex={0} role="region" aria-labelledby={captionId}>
          <div className={fr.cx('fr-table__content')}>
            <table>
              <caption id={captionId}>{caption}</caption>
              <thead><tr>{head}</tr></thead>
              <tbody>{children}</tbody>
              {foot && <tfoot>{foot}</tfoot>}
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
