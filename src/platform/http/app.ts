import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from './context.js';
import { installErrorHandler } from './errorHandler.js';
import { healthRoutes } from './health.js';
import { MAX_UPLOAD_BYTES } from './uploads.js';
import { refuseNulCharacters } from './inputGuards.js';
import { installCostlyLimits } from '../limits/costlyWork.js';
import { installRequestGuards } from '../identity/requestGuards.js';

z.config(z.locales.fr());

export type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;
export type RouteModule = (app: Api, ctx: AppContext) => void | Promise<void>;

export const MAX_BODY_BYTES = 1024 * 1024;

export async function buildApp(ctx: AppContext, modules: RouteModule[], options: { logger?: boolean } = {}): Promise<Api> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    // X-Forwarded-For is believed only from the configured proxies (PARCOURS_TRUSTED_PROXIES).
    trustProxy: ctx.config.trustedProxies?.length ? ctx.config.trustedProxies : false,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installRequestGuards(app, ctx);
  app.addHook('preValidation', refuseNulCharacters);
  installCostlyLimits(app, ctx);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
      },
    },
  });
  // One file and a few small fields: anything more is refused by the reader before it is buffered.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'API Parcours', version: '1', description: 'Sécurisation des parcours professionnels : cellule hebdomadaire, mesures, pilotage.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'parcours_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  healthRoutes(app, ctx);

  for (const register of modules) await app.register(async (scope) => register(scope as Api, ctx));

  if (ctx.config.webRoot && fs.existsSync(path.join(ctx.config.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(ctx.config.webRoot), wildcard: false });
    // Client-side routes: any non-API GET that is not a file serves the app shell.
    app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
  }

  return app;
}
