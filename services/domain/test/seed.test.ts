import { beforeAll, expect, it } from 'vitest';
import type { DomainDeps } from '../src/core/command-handler';
import { seedDemo } from '../src/demo/seed';
import type { PairState } from '../src/pair/pair.decider';
import { loadPair } from '../src/pair/pair.handlers';
import { decryptPersonal } from '../src/person/personal-data';
import { loadProgram } from '../src/program/program.handlers';
import type { Program } from '../src/program/program.state';
import { describeOnBothStores } from './support/stores';

describeOnBothStores('the demo seed', (ctx) => {
  let deps: DomainDeps;
  beforeAll(async () => {
    deps = await ctx.open();
  });

  it('builds both round tables through the commands, and running it again writes nothing', async () => {
    const now = '2026-02-15T09:00:00.000Z';
    const summary = await seedDemo(deps.store, deps.keyStore, { now });
    const before = await deps.store.stats();
    const again = await seedDemo(deps.store, deps.keyStore, { now });
    expect((await deps.store.stats()).events).toBe(before.events);
    expect(again).toEqual(summary);

    const vrt = (await loadProgram(deps, 'vrt', 'vrt-mentorship-demo')) as Program;
    const apps = Object.values(vrt.applications);
    expect(apps).toHaveLength(30);
    expect(vrt.status).toBe('open');
    expect(apps.filter((a) => a.status === 'ineligible').map((a) => a.screening?.rule)).toEqual(['mentor-vrt-member']);
    expect(apps.some((a) => a.status === 'waitlisted' && a.tier === 2)).toBe(true);
    expect(Object.values(vrt.runs)).toHaveLength(1);

    const lrrt = (await loadProgram(deps, 'lrrt', 'lrrt-virtual-demo')) as Program;
    expect(Object.values(lrrt.applications)).toHaveLength(30);
    const confirmed = Object.values(lrrt.pairs).filter((p) => p.status === 'confirmed');
    expect(confirmed).toHaveLength(4);
    const life = (await loadPair(deps, 'lrrt', confirmed[0]!.pairId)) as Exclude<PairState, { status: 'none' }>;
    expect(Object.values(life.checkIns).some((c) => c.status === 'held')).toBe(true);

    const [submitted] = (await deps.store.readStream('lrrt/program-lrrt-virtual-demo')).filter((e) => e.type === 'ApplicationSubmitted');
    expect(await decryptPersonal(submitted!, deps.keyStore)).toMatchObject({
      fields: { name: expect.any(String), email: expect.stringContaining('@lrrt.example.org') },
    });
  });
});
