import { Link } from 'react-router';
import { fr } from '@codegouvfr/react-dsfr';
import { Tile } from '@codegouvfr/react-dsfr/Tile.js';
import { useSession, type Capability } from '../api/session.js';
import { FlashNotice } from '../components/feedback.js';
import { Page } from '../components/Page.js';
import { visibleSections } from '../sections.js';
import { Worklist } from '../worklist/Worklist.js';

const CAPABILITY_SENTENCES: Record<Capability, string> = {
  fileRequests: 'déposer les demandes de financement de votre entreprise et répondre aux demandes de compléments',
  instruct: 'instruire les demandes pour votre organisation et donner son avis',
  runCell: 'préparer et tenir les séances de la cellule opérationnelle',
  readFiles: 'consulter les dossiers qui vous concernent',
  readAggregates: 'consulter les programmes, leurs objectifs et leurs résultats',
  readSteering: 'consulter les tableaux de pilotage de la conférence plénière',
  administerPlatform: 'administrer les organisations et les comptes',
};

export function HomePage() {
  const { me, can } = useSession();
  if (!me) return null;
  const sentences = (Object.keys(CAPABILITY_SENTENCES) as Capability[]).filter(can).map((c) => CAPABILITY_SENTENCES[c]);
  const tiles = visibleSections(can).flatMap((s) => s.children
    ? s.children.map((c) => ({ key: c.path, title: `${s.label} : ${c.label.toLowerCase()}`, path: c.path, description: c.description }))
    : [{ key: s.path, title: s.label, path: s.path, description: s.description }]);
  return (
    <Page title={`Bonjour ${me.user.displayName}`} documentTitle="Accueil"
      lead={<>Vous êtes connecté(e) en tant que <strong>{me.membership.roleLabel.toLowerCase()}</strong> pour <strong>{me.membership.organisation.name}</strong> ({me.membership.organisation.kindLabel}).</>}>
      <FlashNotice />
      <Worklist />
      {sentences.length > 0 && (
        <div className={fr.cx('fr-callout', 'fr-mb-5w')}>
          <h2 className={fr.cx('fr-callout__title', 'fr-h5')}>Ce que vous pouvez faire</h2>
          <ul className={fr.cx('fr-callout__text')}>
            {sentences.map((s) => <li key={s}>{s.charAt(0).toUpperCase() + s.slice(1)}.</li>)}
          </ul>
        </div>
      )}
      <h2>Accès rapides</h2>
      <div className={fr.cx('fr-grid-row', 'fr-grid-row--gutters')}>
        {tiles.map((t) => (
          <div key={t.key} className={fr.cx('fr-col-12', 'fr-col-md-6', 'fr-col-lg-4')}>
            <Tile title={t.title} titleAs="h3" desc={t.description} linkProps={{ to: t.path }} enlargeLinkOrButton orientation="vertical" />
          </div>
        ))}
      </div>
      {me.memberships.length > 1 && (
        <p className={fr.cx('fr-mt-5w')}>
          Vous êtes rattaché(e) à {me.memberships.length} organisations. <Link to="/compte" className={fr.cx("fr-link")}>Changer d’organisation active</Link>
        </p>
      )}
    </Page>
  );
}
