import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { bothDatabases, demoTandemForSuite } from './support/databases';

const PROGRAM = 'lrrt-virtual-demo';
const DEMO_NOTES = 'Agreed on a research question and a monthly rhythm.';
const PAIR = `{ pairId programId status menteeName mentorName menteeApplicationId recognition requirements checkInsHeld
  checkIns { checkInId label status heldOn mentorAttended menteeAttended missedReason notes } outputs { outputId title } }`;

interface ApiPair {
  pairId: string;
  status: string;
  menteeName: string | null;
  menteeApplicationId: string;
  recognition: { menteeCertificate: boolean; mentorLetter: boolean; publicOutputsList: boolean } | null;
  checkInsHeld: number;
  checkIns: { checkInId: string; label: string; status: string; heldOn: string | null; notes: string | null }[];
}

const databases = bothDatabases('api_pairs');

describe.each(databases)('pairs and their check-in notes on $name', ({ setup }) => {
  const t = demoTandemForSuite(setup);
  let coordinator: string;

  beforeAll(async () => {
    coordinator = await t.signIn('coordinator@lrrt.demo', 'tandem-demo-2026');
  }, 180_000);

  const pairs = async (token = coordinator) => {
    const response = await gql<{ pairs: { edges: { node: ApiPair }[] } }>(
      t.url,
      `query ($p: String!) { pairs(tenant: "lrrt", programId: $p) { edges { node ${PAIR} } } }`,
      { p: PROGRAM },
      { token },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data?.pairs.edges.map((e) => e.node) ?? [];
  };
  const pair = (pairId: string, token = coordinator) =>
    gql<{ pair: ApiPair }>(t.url, `query ($id: String!) { pair(tenant: "lrrt", pairId: $id) ${PAIR} }`, { id: pairId }, { token });

  it('lists the confirmed pairs with their recognition, and the notes of the check-ins held', async () => {
    const all = await pairs();
    expect(all).toHaveLength(4);
    expect(all.every((p) => p.status === 'active' && p.menteeName)).toBe(true);
    expect(all[0]?.recognition).toEqual({ menteeCertificate: true, mentorLetter: true, publicOutputsList: true });
    const noted = all.flatMap((p) => p.checkIns).filter((c) => c.status === 'held');
    expect(noted.map((c) => c.notes)).toEqual([DEMO_NOTES, DEMO_NOTES]);
    expect(
      all
        .flatMap((p) => p.checkIns)
        .filter((c) => c.status === 'scheduled')
        .every((c) => c.notes === null),
    ).toBe(true);
  });

  it('reads one pair by its id, for readers of its round table only', async () => {
    const [first] = await pairs();
    const one = await pair(first?.pairId as string);
    expect(one.errors).toBeUndefined();
    expect(one.data?.pair).toEqual(first);
    const auditor = await t.signIn('auditor@lrrt.demo', 'tandem-demo-2026');
    expect((await pair(first?.pairId as string, auditor)).data?.pair.pairId).toBe(first?.pairId);
    const vrt = await t.signIn('coordinator@vrt.demo', 'tandem-demo-2026');
    const refused = await pair(first?.pairId as string, vrt);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const missing = await pair('no-such-pair');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shows the notes recorded with a held check-in, and none once the mentee’s data is erased', async () => {
    const target = (await pairs()).find((p) => p.checkIns.some((c) => c.checkInId === 'introduction' && c.status === 'scheduled'));
    if (!target) throw new Error('the demo data has no pair with its introduction still scheduled');
    const held = await gql(
      t.url,
      'mutation ($id: String!) { recordCheckInHeld(tenant: "lrrt", pairId: $id, checkInId: "introduction", heldOn: "2026-03-02", mentorAttended: true, menteeAttended: false, notes: "  Mentor shared three journals to aim for.  ") { id } }',
      { id: target.pairId },
      { token: coordinator },
    );
    expect(held.errors, JSON.stringify(held.errors)).toBeUndefined();
    const after = (await pair(target.pairId)).data?.pair;
    expect(after?.checkIns.find((c) => c.checkInId === 'introduction')).toMatchObject({
      status: 'held',
      heldOn: '2026-03-02',
      notes: 'Mentor shared three journals to aim for.',
    });
    expect(after?.checkInsHeld).toBe(1);

    // Erasure, as a round-table admin asks for it.
    const [started] = (await t.tandem.store.readStream(`lrrt/pair-${target.pairId}`)).filter((e) => e.type === 'PairStarted');
    if (!started) throw new Error('the pair stream has no PairStarted');
    const personId = (started.data as { menteePersonId: string }).menteePersonId;
    const chair = await t.signIn('chair@lrrt.demo', 'tandem-demo-2026');
    const erasure = await gql(
      t.url,
      'mutation ($id: String!) { erasePerson(tenant: "lrrt", personId: $id, reason: "asked to be forgotten, ticket 7") { projected } }',
      { id: personId },
      { token: chair },
    );
    expect(erasure.errors, JSON.stringify(erasure.errors)).toBeUndefined();
    const erased = (await pair(target.pairId)).data?.pair;
    expect(erased?.checkIns.find((c) => c.checkInId === 'introduction')).toMatchObject({ status: 'held', heldOn: '2026-03-02', notes: null });
    // The other pairs keep theirs.
    expect((await pairs()).flatMap((p) => p.checkIns).filter((c) => c.notes === DEMO_NOTES)).toHaveLength(2);
  });
});
