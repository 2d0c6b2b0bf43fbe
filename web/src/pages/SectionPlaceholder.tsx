import { fr } from '@codegouvfr/react-dsfr';
import { Page } from '../components/Page.js';
import type { Section } from '../sections.js';

/** Stands for a section whose pages are not written yet (replace its route in routes.tsx). */
export function SectionPlaceholder({ section }: { section: Section }) {
  return (
    <Page title={section.label} breadcrumb={[]} lead={section.description}>
      <div className={fr.cx('fr-alert', 'fr-alert--info')}>
        <h2 className={fr.cx('fr-alert__title')}>Rubrique en préparation</h2>
        <p>Cette rubrique sera bientôt disponible.</p>
      </div>
    </Page>
  );
}
