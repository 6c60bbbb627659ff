import { describe, expect, it } from 'vitest';
import { gql } from './support/client';
import { bothDatabases, demoTandemForSuite } from './support/databases';

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: { id: string } }[] };

/** The paged root lists, each with the arguments it needs and the field that names an item. */
const LISTS = {
  programs: { args: 'tenant: "vrt"', id: 'programId' },
  pairs: { args: 'tenant: "lrrt", programId: "lrrt-virtual-demo"', id: 'pairId' },
  templates: { args: 'tenant: "vrt"', id: 'templateId' },
  committee: { args: 'tenant: "lrrt"', id: 'userId' },
  roundTables: { args: '', id: 'tenant' },
  publicOutputs: { args: 'tenant: "lrrt", programId: "lrrt-virtual-demo"', id: 'outputId' },
  applications: { args: 'tenant: "lrrt", programId: "lrrt-virtual-demo"', id: 'applicationId' },
} as const;
type List = keyof typeof LISTS;

const databases = bothDatabases('api_paging');

describe.each(databases)('paging the root lists on $name', ({ setup }) => {
  const t = demoTandemForSuite(setup);

  const page = async (list: List, first: number | null, after: string | null, token = t.adminToken) => {
    const { args, id } = LISTS[list];
    const response = await gql<Record<List, Page>>(
      t.url,
      `query ($first: Int, $after: String) { ${list}(${args} first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id: ${id} } } } }`,
      { first, after },
      { token },
    );
    return response;
  };
  const ok = async (list: List, first: number | null, after: string | null = null) => {
    const response = await page(list, first, after);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data?.[list] as Page;
  };
  /** Every page of a list, `first` at a time, until hasNextPage is false. */
  const walk = async (list: List, first: number) => {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const next = await ok(list, first, after);
      pages.push(next);
      after = next.pageInfo.endCursor;
      if (pages.length > 100) throw new Error(`${list} never reported its last page`);
    } while (pages.at(-1)?.pageInfo.hasNextPage);
    return pages;
  };
  const idsOf = (pages: Page[]) => pages.flatMap((p) => p.edges.map((e) => e.node.id));

  const draft = async (title: string) => {
    const response = await gql(
      t.url,
      'mutation ($title: String!) { draftProgram(tenant: "vrt", input: { title: $title, templateId: "vrt-mentorship", conference: { name: "ALA Annual 2028", startsOn: "2028-06-22", endsOn: "2028-06-27" } }) { id } }',
      { title },
      { token: t.adminToken },
    );
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  };

  it('pages through the programs two at a time: no overlap, no gap, the last page says so', async () => {
    for (const year of [2028, 2029, 2030, 2031]) await draft(`VRT Mentorship ${year}`);
    const all = await ok('programs', 200);
    expect(all.totalCount).toBe(5);
    expect(all.pageInfo).toEqual({ hasNextPage: false, endCursor: all.edges.at(-1)?.cursor });

    const pages = await walk('programs', 2);
    expect(pages.map((p) => p.edges.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.every((p) => p.totalCount === 5)).toBe(true);
    expect(idsOf(pages)).toEqual(all.edges.map((e) => e.node.id));
    expect(new Set(idsOf(pages)).size).toBe(5);
  });

  it('pages through a program’s pairs: the same pairs in the same order as one large page', async () => {
    const all = await ok('pairs', 200);
    expect(all.totalCount).toBe(4);
    for (const first of [1, 3]) {
      const pages = await walk('pairs', first);
      expect(pages.at(-1)?.pageInfo.hasNextPage).toBe(false);
      expect(pages.flatMap((p) => p.edges.map((e) => e.cursor))).toEqual(all.edges.map((e) => e.cursor));
      expect(idsOf(pages)).toEqual(all.edges.map((e) => e.node.id));
    }
  });

  it('continues after the last item seen when an item is added between two pages', async () => {
    const first = await ok('programs', 2);
    // The newest program sorts first: on a page already read, so the next page neither repeats nor skips one.
    await draft('VRT Mentorship 2032');
    const rest: Page[] = [];
    for (let after = first.pageInfo.endCursor; after; after = rest.at(-1)?.pageInfo.hasNextPage ? (rest.at(-1)?.pageInfo.endCursor ?? null) : null) {
      rest.push(await ok('programs', 2, after));
    }
    const seen = [...idsOf([first]), ...idsOf(rest)];
    expect(new Set(seen).size).toBe(seen.length);
    const now = idsOf([await ok('programs', 200)]);
    expect(seen).toEqual(now.filter((id) => id !== now[0]));
  });

  it('pages every root list the same way, with the default page size when first is absent', async () => {
    // Three outputs for the public list, two of them on one day.
    const [pair] = (await ok('pairs', 1)).edges;
    for (const [title, date] of [
      ['Citation practices', '2027-03-01'],
      ['Open peer review', '2027-03-01'],
      ['Data curation in small libraries', '2026-11-15'],
    ]) {
      const recorded = await gql(
        t.url,
        'mutation ($pair: String!, $o: OutputInput!) { recordOutput(tenant: "lrrt", pairId: $pair, output: $o) { id } }',
        { pair: pair?.node.id, o: { kind: 'publication', title, venue: 'Library Research Quarterly', date } },
        { token: t.adminToken },
      );
      expect(recorded.errors, JSON.stringify(recorded.errors)).toBeUndefined();
    }
    const listed = await gql<{ publicOutputs: { edges: { node: { title: string } }[] } }>(
      t.url,
      '{ publicOutputs(tenant: "lrrt", programId: "lrrt-virtual-demo") { edges { node { title } } } }',
    );
    // The latest first; one day's by title.
    expect(listed.data?.publicOutputs.edges.map((e) => e.node.title)).toEqual(['Citation practices', 'Open peer review', 'Data curation in small libraries']);
    for (const list of Object.keys(LISTS) as List[]) {
      const all = await ok(list, null);
      expect(all.edges.length, list).toBe(Math.min(all.totalCount, 50));
      const pages = await walk(list, 1);
      expect(idsOf(pages), list).toEqual(all.edges.map((e) => e.node.id));
      expect(pages.at(-1)?.pageInfo.hasNextPage, list).toBe(false);
    }
  });

  it('refuses a cursor another list issued, or none at all, with VALIDATION and what to pass instead', async () => {
    const programs = await ok('programs', 1);
    const pairs = await ok('pairs', 1);
    const applications = await ok('applications', 1);
    for (const [list, cursor] of [
      ['pairs', programs.pageInfo.endCursor],
      ['programs', pairs.pageInfo.endCursor],
      ['programs', applications.pageInfo.endCursor],
      ['applications', pairs.pageInfo.endCursor],
      ['committee', 'not-a-cursor'],
      ['templates', Buffer.from('o:1').toString('base64url')],
    ] as [List, string][]) {
      const response = await page(list, 1, cursor);
      expect(response.errors?.[0]?.extensions?.code, list).toBe('VALIDATION');
      expect(response.errors?.[0]?.message).toBe(
        `the cursor was not issued by ${list}; pass pageInfo.endCursor of the previous ${list} page, or no after for the first page`,
      );
    }
  });

  it('keeps a page between 1 and 200 items, whatever first asks for', async () => {
    expect((await ok('programs', 0)).edges).toHaveLength(1);
    expect((await ok('applications', 1000)).edges.length).toBeLessThanOrEqual(200);
  });

  it('reads a page of applications with the fields the query names, also through fragments and aliases, as the single application reads them', async () => {
    const fields =
      'personId programId role status pairIds tier careerStage membership mentorCapacity topics answers name email affiliation interests screeningRule screeningReason windowOverride promotionSuggested statusReason submittedAt';
    const listed = await gql<{ applications: { edges: { node: Record<string, unknown> }[] } }>(
      t.url,
      `fragment Who on Application { name email affiliation }
       query { applications(tenant: "lrrt", programId: "lrrt-virtual-demo", first: 200) {
         edges { node { id: applicationId ...Who ... on Application { answers pairIds status } personId programId role tier careerStage membership
           mentorCapacity topics interests screeningRule screeningReason windowOverride promotionSuggested statusReason submittedAt } } } }`,
      {},
      { token: t.adminToken },
    );
    expect(listed.errors, JSON.stringify(listed.errors)).toBeUndefined();
    const nodes = listed.data?.applications.edges.map((e) => e.node) ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.some((n) => Object.keys(n.answers as object).length > 0 && (n.pairIds as unknown[]).length > 0)).toBe(true);
    for (const { id, ...node } of nodes) {
      const one = await gql<{ application: Record<string, unknown> }>(
        t.url,
        `query ($id: String!) { application(tenant: "lrrt", applicationId: $id) { ${fields} } }`,
        { id },
        { token: t.adminToken },
      );
      expect(node).toEqual(one.data?.application);
    }
  });
});
