import { useEffect, useRef, type ReactNode } from 'react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb.js';
import { fr } from '@codegouvfr/react-dsfr';

/** Sets document.title to « <title> — Parcours ». */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — Parcours` : 'Parcours';
  }, [title]);
}

export interface Crumb { label: string; to: string }

let firstPage = true;

/**
 * Frame of every page: DSFR container, breadcrumb (pass the ancestors, the current
 * page is added from `title`), one <h1>, document title, and focus moved to the <h1>
 * after client-side navigation so screen readers announce the new page.
 *
 *   <Page title="Organisations" breadcrumb={[{ label: 'Administration', to: '/administration/organisations' }]}
 *         actions={<Button linkProps={{ to: 'nouvelle' }}>Créer</Button>}>
 *     …
 *   </Page>
 */
export function Page({ title, documentTitle, breadcrumb, lead, actions, children, size = 'full' }: {
  title: string;
  /** Defaults to `title`. */
  documentTitle?: string;
  /** Ancestors (Accueil is added first). Omit on top-level pages. */
  breadcrumb?: Crumb[];
  /** A sentence under the title. */
  lead?: ReactNode;
  /** Buttons shown at the right of the title. */
  actions?: ReactNode;
  children?: ReactNode;
  /** "narrow" centres the content on 8 columns (forms). */
  size?: 'full' | 'narrow';
}) {
  usePageTitle(documentTitle ?? title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) { firstPage = false; return; }
    heading.current?.focus({ preventScroll: false });
  }, [title]);

  const body = (
    <>
      {breadcrumb && (
        <Breadcrumb
          currentPageLabel={title}
          homeLinkProps={{ to: '/' }}
          segments={breadcrumb.map((c) => ({ label: c.label, linkProps: { to: c.to } }))}
          className={fr.cx('fr-mb-3w')}
        />
      )}
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--middle', 'fr-mb-3w', breadcrumb ? undefined : 'fr-mt-5w')}>
        <div className={fr.cx('fr-col')}>
          <h1 ref={heading} tabIndex={-1} className={fr.cx('fr-mb-1w')}>{title}</h1>
          {lead && <p className={fr.cx('fr-text--lead', 'fr-mb-0')}>{lead}</p>}
        </div>
        {actions && <div className={fr.cx('fr-col-12', 'fr-mt-2w', 'fr-mt-md-0') + ' parcours-col-md-auto'}>{actions}</div>}
      </div>
      {children}
    </>
  );
  return (
    <div className={fr.cx('fr-container', 'fr-pb-8w')}>
      {size === 'narrow'
        ? <div className={fr.cx('fr-grid-row')}><div className={fr.cx('fr-col-12', 'fr-col-lg-8')}>{body}</div></div>
        : body}
    </div>
  );
}
