import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainDeps } from '../src/core/command-handler';
import { buildMatchingInput } from '../src/program/match-run';
import { programStreamId } from '../src/program/program.decider';
import { loadProgram, runMatchRun } from '../src/program/program.handlers';
import type { Program } from '../src/program/program.state';
import { lrrtTemplate } from '../src/template/templates/lrrt.template';
import { vrtTemplate } from '../src/template/templates/vrt.template';
import { lrrtMentee, lrrtMentor, vrtMentee, vrtMentor } from './support/program-scenario';
import { describeOnBothStores, freshTenant } from './support/stores';
import { admit, m, programCommand, setUpProgram } from './support/world';

describeOnBothStores('match runs call the matching engine', (ctx) => {
  let deps: DomainDeps;
  beforeAll(async () => {
    deps = await ctx.open();
  });

  it('VRT: the run matches new librarians before students and records proposals with per-factor explanations', async () => {
    const tenant = freshTenant();
    await setUpProgram(deps, tenant, vrtTemplate);
    await admit(deps, tenant, 'm1', vrtMentor({ mentorCapacity: 1 }));
    await admit(
      deps,
      tenant,
      'm2',
      vrtMentor({ mentorCapacity: 1, email: 'm2@x.org', answers: { ...vrtMentor().answers, interests: ['professional-plans'] } }),
    );
    await admit(deps, tenant, 'n1', vrtMentee('early-career', { answers: { ...vrtMentee('early-career').answers, interests: ['professional-plans'] } }));
    await admit(deps, tenant, 's1', vrtMentee('student', { email: 's1@x.org' }));
    await admit(deps, tenant, 's2', vrtMentee('student', { email: 's2@x.org' }));
    const before = (await loadProgram(deps, tenant, 'p1')) as Program;
    expect(before.applications.s2?.status).toBe('waitlisted');

    const result = await runMatchRun(deps, { programId: 'p1', runId: 'run-1' }, m(tenant));
    const completed = result.events.find((e) => e.type === 'MatchRunCompleted');
    const data = completed?.data as {
      proposals: { menteeApplicationId: string; mentorApplicationId: string; factors: unknown[]; summary: string }[];
      parameters: { tiers: boolean };
    };
    expect(data.parameters.tiers).toBe(true);
    expect(data.proposals.map((p) => [p.menteeApplicationId, p.mentorApplicationId]).sort()).toEqual([
      ['n1', 'm2'],
      ['s1', 'm1'],
    ]);
    expect(data.proposals.every((p) => p.factors.length > 0 && p.summary.length > 0)).toBe(true);

    const adopted = await programCommand(deps, tenant, 'AdoptMatchRun', { runId: 'run-1' });
    expect(adopted.events.filter((e) => e.type === 'PairProposed')).toHaveLength(2);
    const after = (await loadProgram(deps, tenant, 'p1')) as Program;
    expect(Object.values(after.pairs).map((p) => p.runId)).toEqual(['run-1', 'run-1']);
  });

  it('VRT: a whole run is adopted whatever order its proposals come in (here a student’s id sorts before the new librarian’s)', async () => {
    const tenant = freshTenant();
    await setUpProgram(deps, tenant, vrtTemplate);
    await admit(deps, tenant, 'm1', vrtMentor({ mentorCapacity: 1 }));
    await admit(deps, tenant, 'm2', vrtMentor({ mentorCapacity: 1, email: 'm2@x.org' }));
    await admit(deps, tenant, 'a-student', vrtMentee('student', { email: 's1@x.org' }));
    await admit(deps, tenant, 'z-new', vrtMentee('early-career'));
    await runMatchRun(deps, { programId: 'p1', runId: 'run-1' }, m(tenant));
    const run = ((await loadProgram(deps, tenant, 'p1')) as Program).runs['run-1'];
    expect(run?.proposals.map((p) => p.menteeApplicationId).sort()).toEqual(['a-student', 'z-new']);

    const adopted = await programCommand(deps, tenant, 'AdoptMatchRun', { runId: 'run-1' });
    expect(adopted.events.filter((e) => e.type === 'PairProposed').map((e) => (e.data as { menteeApplicationId: string }).menteeApplicationId)).toEqual([
      'z-new',
      'a-student',
    ]);
  });

  it('a retried match-run request is recorded once', async () => {
    const tenant = freshTenant();
    await setUpProgram(deps, tenant, lrrtTemplate);
    await admit(deps, tenant, 'm1', lrrtMentor());
    await admit(deps, tenant, 'a1', lrrtMentee());
    const metadata = m(tenant, { key: 'run-request' });
    await runMatchRun(deps, { programId: 'p1', runId: 'r1' }, metadata);
    const again = await runMatchRun(deps, { programId: 'p1', runId: 'r1' }, metadata);
    expect(again.duplicate).toBe(true);
    const stream = await deps.store.readStream(programStreamId(tenant, 'p1'));
    expect(stream.filter((e) => e.type.startsWith('MatchRun')).map((e) => e.type)).toEqual(['MatchRunRequested', 'MatchRunCompleted']);
  });
});

describe('the pool handed to the engine', () => {
  it('LRRT: topics, methodologies and support (project need) feed the factors; mentors offer their free places', async () => {
    const { Scenario } = await import('./support/program-scenario');
    const s = Scenario.lrrt()
      .admit('m1', lrrtMentor({ mentorCapacity: 2 }))
      .admit('a1', lrrtMentee())
      .admit('a2', lrrtMentee({ email: 'a2@x.org' }))
      .propose('p1', 'm1', 'a1');
    const { input, params } = buildMatchingInput(s.program);
    expect(input.mentees.map((x) => x.id)).toEqual(['a2']);
    expect(input.mentors).toEqual([
      expect.objectContaining({ id: 'm1', capacity: 1, methodologies: ['qualitative', 'survey'], supportOffered: ['research-design', 'publication-outlets'] }),
    ]);
    expect(input.mentees[0]).toMatchObject({
      topics: ['information-literacy'],
      methodologies: ['survey'],
      supportWanted: ['research-design', 'article-from-thesis'],
      tier: null,
    });
    expect(params).toMatchObject({ objective: 'score', tiers: false, weights: { topics: 40, methodology: 30, support: 30 } });
  });
});
