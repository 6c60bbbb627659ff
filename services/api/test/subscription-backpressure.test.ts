import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gql } from './support/client';
import { startTestTandem, type TestTandem } from './support/tandem';

const VRT = { tenant: 'vrt', programId: 'vrt-mentorship-demo' };
const BOARD = `subscription ($tenant: String!, $programId: String!) {
  matchBoardChanged(tenant: $tenant, programId: $programId) { checkpoint board { forbidden { entryId reason } } }
}`;
type Next = { type: string; id?: string; payload?: { data?: { matchBoardChanged: { checkpoint: string; board: { forbidden: unknown[] } } } } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a subscriber that stops reading its socket', () => {
  let t: TestTandem;
  let token: string;
  beforeAll(async () => {
    t = await startTestTandem({ seedDemo: true });
    token = await t.member('admin@vrt.slow', [{ tenant: 'vrt', role: 'admin' }]);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('skips intermediate boards while its buffers are full, then gets the latest, every message in commit order', async () => {
    const apps = await gql<{ applications: { edges: { node: { applicationId: string; role: string } }[] } }>(
      t.url,
      'query ($t: String!, $p: String!) { applications(tenant: $t, programId: $p, status: ["eligible"], first: 200) { edges { node { applicationId role } } } }',
      { t: VRT.tenant, p: VRT.programId },
      { token },
    );
    const nodes = apps.data?.applications.edges.map((e) => e.node) ?? [];
    const mentors = nodes.filter((n) => n.role === 'mentor').map((n) => n.applicationId);
    const mentees = nodes.filter((n) => n.role === 'mentee').map((n) => n.applicationId);
    const commits = Math.min(100, mentors.length * mentees.length);

    const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const received: { checkpoint: string; forbidden: number }[] = [];
    const malformed: string[] = [];
    const acknowledged = new Promise<void>((resolve, reject) => {
      socket.on('message', (raw) => {
        const text = String(raw);
        const message = JSON.parse(text) as Next;
        if (message.type === 'connection_ack') resolve();
        const change = message.payload?.data?.matchBoardChanged;
        if (message.type === 'next' && message.id === 'slow' && change) {
          received.push({ checkpoint: change.checkpoint, forbidden: change.board.forbidden.length });
          // Frames written past graphql-ws and the ones it sends itself read the same.
          if (text !== JSON.stringify({ id: message.id, type: 'next', payload: { data: message.payload?.data } })) malformed.push(text.slice(0, 200));
        }
      });
      socket.on('error', reject);
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    await acknowledged;
    socket.send(JSON.stringify({ id: 'slow', type: 'subscribe', payload: { query: BOARD, variables: VRT } }));
    await sleep(200);

    // Long reasons make the board grow by ~2 KB a commit: ~10 MB in all, more than the socket buffers hold.
    socket.pause();
    const committed: string[] = [];
    for (let i = 0; i < commits; i++) {
      const response = await gql<{ forbidPair: { checkpoint: string } }>(
        t.url,
        'mutation ($t: String!, $p: String!, $m: String!, $e: String!, $r: String!) { forbidPair(tenant: $t, programId: $p, mentorApplicationId: $m, menteeApplicationId: $e, reason: $r) { checkpoint } }',
        {
          t: VRT.tenant,
          p: VRT.programId,
          m: mentors[i % mentors.length],
          e: mentees[Math.floor(i / mentors.length)],
          r: `${i}: ${'a conflict of interest declared at length '.repeat(50)}`,
        },
        { token },
      );
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      committed.push(response.data?.forbidPair.checkpoint as string);
    }
    await sleep(300);
    socket.resume();
    for (let waited = 0; received.at(-1)?.checkpoint !== committed.at(-1) && waited < 15_000; waited += 50) await sleep(50);
    socket.close();

    expect(malformed).toEqual([]);
    expect(received.at(-1)).toEqual({ checkpoint: committed.at(-1), forbidden: commits });
    expect(received.length).toBeLessThan(commits);
    for (let i = 1; i < received.length; i++) expect(received[i]!.checkpoint > received[i - 1]!.checkpoint).toBe(true);
  }, 60_000);
});
