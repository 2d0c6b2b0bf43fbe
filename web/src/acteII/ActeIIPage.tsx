import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Page } from '../components/Page.js';
import { ContractCountersPanel } from './proContracts/shared.js';
import { PathwayCountersPanel } from './tempPathways/PathwaysPage.js';
import { PairCountersPanel } from './pairs/PairsPage.js';

/** /acte-ii — the three measures' counters (all that readers see), with links to each measure. */
export function ActeIIPage() {
  return (
    <Page title="Acte II (2010–2014)"
      lead="Déclaration du 4 mai 2010, protocole du 10 février 2011 : contrats de professionnalisation, parcours des intérimaires (axe 2) et binômes intergénérationnels (axe 3).">
      <ContractCountersPanel />
      <p><Link className={fr.cx('fr-link', 'fr-icon-arrow-right-line', 'fr-link--icon-right')} to="/acte-ii/contrats">Contrats de professionnalisation</Link></p>
      <hr className={fr.cx('fr-mt-4w')} />
      <PathwayCountersPanel />
      <p><Link className={fr.cx('fr-link', 'fr-icon-arrow-right-line', 'fr-link--icon-right')} to="/acte-ii/parcours">Parcours intérimaires</Link></p>
      <hr className={fr.cx('fr-mt-4w')} />
      <PairCountersPanel />
      <p><Link className={fr.cx('fr-link', 'fr-icon-arrow-right-line', 'fr-link--icon-right')} to="/acte-ii/binomes">Binômes intergénérationnels</Link></p>
    </Page>
  );
}
