import { type DomainDeps, heldCount, loadPair, loadPerson, loadProgramAsDrafted, loadRoundTable, pairStreamId } from '@tandem/domain';
import type { Request, Response, Router } from 'express';
import express from 'express';
import { type Services, viewerFromToken } from '../core/context';
import { appreciationLetterPdf, certificatePdf } from './recognition.pdf';

const READERS = ['admin', 'coordinator', 'committee', 'auditor'];

const nameOf = async (deps: DomainDeps, tenant: string, personId: string): Promise<string> => {
  const person = await loadPerson(deps, tenant, personId);
  if (person.status === 'erased') return '[erased]';
  return person.status === 'registered' && person.contact ? person.contact.name : '[unknown]';
};

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ errors: [{ message, extensions: { code } }] });

/**
 * `GET /documents/{tenant}/pairs/{pairId}/certificate.pdf` and `…/letter.pdf`: the recognition
 * documents, built from the pair's events, for signed-in readers of that round table only.
 */
export const documentsRouter = (services: Services): Router => {
  const router = express.Router();
  router.get('/documents/:tenant/pairs/:pairId/:kind', async (req: Request, res: Response) => {
    const { tenant, pairId, kind } = req.params as { tenant: string; pairId: string; kind: string };
    if (kind !== 'certificate.pdf' && kind !== 'letter.pdf') return fail(res, 404, 'NOT_FOUND', 'ask for certificate.pdf or letter.pdf');
    const viewer = await viewerFromToken(services, req.headers.authorization);
    if (!viewer) return fail(res, 401, 'UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <access token>"');
    if (!viewer.platformAdmin && !viewer.roles.some((r) => r.tenant === tenant && READERS.includes(r.role))) {
      return fail(res, 403, 'FORBIDDEN', `you have no role in round table "${tenant}"`);
    }
    const deps = services.domain;
    if (!deps) return fail(res, 503, 'INTERNAL_SERVER_ERROR', 'this server runs without an event store');
    try {
      const pair = await loadPair(deps, tenant, pairId);
      if (pair.status === 'none') return fail(res, 404, 'NOT_FOUND', `there is no confirmed pair ${pairId} in ${tenant}`);
      const issued = kind === 'certificate.pdf' ? pair.certificateId : pair.letterId;
      if (!issued) {
        return fail(
          res,
          409,
          'ILLEGAL_STATE',
          `the ${kind === 'certificate.pdf' ? 'certificate' : 'letter of appreciation'} has not been issued for this pair yet; issue it after completion`,
        );
      }
      const events = await deps.store.readStream(pairStreamId(tenant, pairId));
      const completedOn = events.find((e) => e.type === 'ParticipationCompleted')?.metadata.occurredAt ?? new Date().toISOString();
      const program = await loadProgramAsDrafted(deps, tenant, pair.programId);
      const roundTable = await loadRoundTable(deps, tenant);
      const programName = program.status === 'none' ? 'Mentorship Program' : program.title;
      const roundTableName = roundTable.status === 'registered' ? roundTable.name : tenant;
      const signedBy = roundTable.status === 'registered' ? await nameOf(deps, tenant, roundTable.contactPersonId) : `${roundTableName} committee`;
      const [menteeName, mentorName] = await Promise.all([nameOf(deps, tenant, pair.menteePersonId), nameOf(deps, tenant, pair.mentorPersonId)]);
      const bytes =
        kind === 'certificate.pdf'
          ? await certificatePdf({
              menteeName,
              mentorName,
              programName,
              roundTableName,
              completedOn,
              presentationTitle: pair.finalPresentation?.title ?? null,
              signedBy,
              reference: issued,
            })
          : await appreciationLetterPdf({
              mentorName,
              menteeName,
              programName,
              roundTableName,
              completedOn,
              checkInsHeld: heldCount(pair),
              outputs: Object.values(pair.outputs).map((o) => `the ${o.kind} "${o.title}"`),
              signedBy,
              reference: issued,
            });
      res
        .status(200)
        .type('application/pdf')
        .set('content-disposition', `attachment; filename="${tenant}-${kind === 'certificate.pdf' ? 'certificate' : 'letter'}-${pairId}.pdf"`)
        .set('cache-control', 'private, no-store')
        .send(Buffer.from(bytes));
    } catch (error) {
      return fail(res, 500, 'INTERNAL_SERVER_ERROR', services.config.production ? 'something went wrong on our side; it has been logged' : String(error));
    }
  });
  return router;
};
