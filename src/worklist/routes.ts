import type { Api, RouteModule } from '../platform/http/app.js';
import type { AppContext } from '../platform/http/context.js';
import { requireActor } from '../platform/identity/sessions.js';
import { worklistFor } from './worklist.js';

export const worklistRoutes: RouteModule = (app: Api, ctx: AppContext) => {
  app.get('/api/worklist', { schema: { tags: ['accueil'], summary: 'Ce qui attend mon organisation : comptes et premiers éléments, avec le lien vers la liste filtrée' } }, async (request) => {
    const actor = await requireActor(ctx, request);
    return { tasks: await worklistFor(ctx.database.db, actor, ctx.clock.now()) };
  });
};
