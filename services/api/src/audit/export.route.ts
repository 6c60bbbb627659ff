import { once } from 'node:events';
import { exportLine, tenantEventPages } from '@tandem/domain';
import express, { type Request, type Response, type Router } from 'express';
import { type Services, viewerFromToken } from '../core/context';
import { AUDITORS } from './audit-access';

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });

/**
 * How many of the round table's events lie after `after` and up to `head`, from the audit index
 * once the read models include `head`; null when they do not catch up in time (no total then).
 */
const eventCount = async (services: Services, tenant: string, after: string | null, head: string): Promise<number | null> => {
  const db = services.readModels;
  if (!db || !(await services.waitForReadModels(head))) return null;
  const [row] = await db.execute(
    `select count(*) as "n" from "audit_event" where "tenant" = ? and "checkpoint" <= ?${after ? ' and "checkpoint" > ?' : ''}`,
    after ? [tenant, head, after] : [tenant, head],
  );
  return Number((row as { n: number | string } | undefined)?.n ?? 0);
};

/**
 * `GET /export/{tenant}.jsonl`: a round table’s whole history as JSON Lines, for its auditors
 * and admins (Bearer token). Streamed page by page from the event store, waiting for the socket
 * to drain between writes, so memory stays flat for any size; `?after=<checkpoint>` resumes.
 * It ends at the log's head when the request came, so `X-Event-Count` (how many lines follow)
 * is exact and a client can show progress.
 */
export const exportRouter = (services: Services): Router => {
  const router = express.Router();
  router.get('/export/:file', async (req: Request, res: Response) => {
    const match = /^([a-z0-9][a-z0-9-]*)\.jsonl$/.exec(String(req.params.file));
    if (!match) return fail(res, 404, 'NOT_FOUND', 'ask for /export/{tenant}.jsonl');
    const tenant = match[1] as string;
    const viewer = await viewerFromToken(services, req.headers.authorization);
    if (!viewer) return fail(res, 401, 'UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <access token>"');
    if (!viewer.platformAdmin && !viewer.roles.some((r) => r.tenant === tenant && AUDITORS.includes(r.role))) {
      return fail(res, 403, 'FORBIDDEN', `you need the ${AUDITORS.join(' or ')} role in round table "${tenant}" to export its history`);
    }
    const store = services.domain?.store;
    if (!store) return fail(res, 503, 'INTERNAL_SERVER_ERROR', 'this server runs without an event store');
    const after = typeof req.query.after === 'string' && req.query.after ? req.query.after : null;
    const head = await store.headCheckpoint();
    const total = head === null ? 0 : await eventCount(services, tenant, after, head);
    res.status(200);
    if (total !== null) res.setHeader('x-event-count', String(total));
    res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${tenant}.jsonl"`);
    res.setHeader('cache-control', 'no-store');
    let aborted = false;
    res.on('close', () => {
      aborted = !res.writableFinished;
    });
    try {
      for await (const page of tenantEventPages(store, tenant, { after, to: head })) {
        for (const event of page) {
          if (aborted || res.destroyed) return;
          if (!res.write(exportLine(event))) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        }
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the stream so the client sees an incomplete download, not a clean end.
      res.destroy(error as Error);
    }
  });
  return router;
};
