import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
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
import { installMetrics, type Metrics } from '../metrics/metrics.js';
import { closeWorkerPools } from '../workers/workerPool.js';

z.config(z.locales.fr());

export type Api = FastifyInstance<any, any, any, any, ZodTypeProvider>;
export type RouteModule = (app: Api, ctx: AppContext) => void | Promise<void>;

export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  /** JSON logs on standard output (pino): false in tests, a level in production. */
  logger?: boolean | { level: string; stream?: { write(line: string): void } };
  /** `GET /metrics` for Prometheus, behind this bearer token. */
  metrics?: { metrics: Metrics; token: string };
}

export async function buildApp(ctx: AppContext, modules: RouteModule[], options: AppOptions = {}): Promise<Api> {
  const app = Fastify({
    logger: options.logger ?? false,
    // One line per request, written below with what is safe to keep: no query string, no
    // body, no header — searches and forms carry names and e-mail addresses.
    logController: new LogController({ disableRequestLogging: true }),
    // The reverse proxy's id when it sends one, so its logs and ours name the same request.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
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
  app.addHook('onSend', async (request, reply) => { reply.header('x-request-id', request.id); });
  if (options.logger) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info({
        method: request.method, route: request.routeOptions.url ?? null, path: request.url.split('?')[0],
        statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime),
      }, 'requête');
    });
  }
  if (options.metrics) installMetrics(app, options.metrics.metrics, options.metrics.token);
  // Without a token there are no metrics: a scraper gets a plain 404, not the web app's shell.
  else app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.status(404).send({
    error: { code: 'not_found', message: 'Les métriques ne sont pas activées : définissez PARCOURS_METRICS_TOKEN.', field: null, issues: [] },
  }));

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

  // Documents and views asked for are finished, then the worker threads end: nothing outlives the app.
  app.addHook('onClose', async () => { await closeWorkerPools(); });
  return app;
}
