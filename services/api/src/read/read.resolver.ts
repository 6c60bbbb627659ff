import { loadProgramAsDrafted } from '@tandem/domain';
import {
  applicationTable,
  checkInTable,
  committeeMemberTable,
  completionTable,
  countApplications,
  dashboard,
  listApplications,
  listPrograms,
  matchBoard,
  matchRunTable,
  outputTable,
  programTable,
  publicOutputs,
  type ReadModels,
  type Row,
  roundTableTable,
  templateTable,
} from '@tandem/projections';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { READERS, requireDomain } from '../commands/command';
import { type Context, requireRole, requireViewer } from '../core/context';
import { apiError, notFound } from '../core/errors';
import { connectionOf, keyAfter, nodeFields, type Order, pageOf, pageSize } from './connection';
import { type Connection, PageArgs } from './connection.types';
import {
  Application,
  ApplicationConnection,
  ApplicationForm,
  type CheckIn,
  type CommitteeMember,
  CommitteeMemberConnection,
  Dashboard,
  MatchBoard,
  type Output,
  OutputConnection,
  Pair,
  PairConnection,
  Program,
  ProgramConnection,
  type ProgramTemplate,
  ProgramTemplateConnection,
  RoundTable,
  RoundTableConnection,
} from './read.types';

/** Applications per status, in status order: the same figure live and as of a moment. */
export const statusCounts = (applications: readonly { status: string }[]) =>
  [...applications.reduce((m, a) => m.set(a.status, (m.get(a.status) ?? 0) + 1), new Map<string, number>())]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => ({ status, count }));

/** The projected dashboard plus applications per status, counted from the application read model. */
export const dashboardWithStatuses = async (db: ReadModels, tenant: string, programId: string): Promise<Dashboard> => {
  const [figures, statuses] = await Promise.all([
    dashboard(db, tenant, programId),
    db.execute('select "status" from "application" where "tenant" = ? and "program_id" = ?', [tenant, programId]),
  ]);
  return { ...figures, applicationsByStatus: statusCounts(statuses as { status: string }[]) };
};

export const requireReadModels = (context: Context): ReadModels => {
  if (!context.services.readModels) throw apiError('INTERNAL_SERVER_ERROR', 'this server runs without read models');
  return context.services.readModels;
};

/**
 * An application row as the Application type reads it: the free-text answers (personal data,
 * projected apart) with the rest of the answers, and its pairs as a list (null in the row when none).
 */
export const asApplication = <T extends { answers?: unknown; personalAnswers?: unknown; pairIds?: unknown }>(row: T): T => ({
  ...row,
  answers: { ...((row.answers as object | null) ?? {}), ...((row.personalAnswers as object | null) ?? {}) },
  pairIds: row.pairIds ?? [],
});

type NamedPair = Omit<Pair, 'checkIns' | 'outputs'>;

/** Pairs from their completion rows, with the two names. */
const namedPairs = (completions: Row[], applications: readonly { applicationId: string; name: string }[]): NamedPair[] => {
  const names = new Map(applications.map((a) => [a.applicationId, a.name]));
  return (completions as unknown as NamedPair[]).map((c) => ({
    ...c,
    mentorName: names.get(c.mentorApplicationId) ?? null,
    menteeName: names.get(c.menteeApplicationId) ?? null,
  }));
};

/** The check-ins (in date order) and outputs of these pairs, read for them only. */
const withProgress = async (db: ReadModels, tenant: string, pairs: readonly NamedPair[]): Promise<Pair[]> => {
  if (pairs.length === 0) return [];
  const where = { where: `"tenant" = ? and "pair_id" in (${pairs.map(() => '?').join(', ')})`, params: [tenant, ...pairs.map((p) => p.pairId)] };
  const [checkIns, outputs] = await Promise.all([db.rows(checkInTable, where), db.rows(outputTable, where)]);
  return pairs.map((pair) => ({
    ...pair,
    checkIns: (checkIns as unknown as (CheckIn & { pairId: string })[]).filter((k) => k.pairId === pair.pairId).sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    outputs: (outputs as unknown as Output[]).filter((o) => o.pairId === pair.pairId),
  }));
};

// The orders the lists page in; the last key of each is unique to its item.
const ROUND_TABLES: Order<RoundTable> = [{ by: (r) => r.name }, { by: (r) => r.tenant }];
const COMMITTEE: Order<CommitteeMember> = [{ by: (m) => m.appointedAt }, { by: (m) => m.userId }];
const TEMPLATES: Order<ProgramTemplate> = [{ by: (t) => t.name }, { by: (t) => t.templateId }];
const PROGRAMS: Order<Program> = [{ by: (p) => p.draftedAt, desc: true }, { by: (p) => p.programId }];
const PAIRS: Order<NamedPair> = [{ by: (p) => p.menteeName ?? '' }, { by: (p) => p.pairId }];
const OUTPUTS: Order<Output> = [{ by: (o) => o.date, desc: true }, { by: (o) => o.title }, { by: (o) => o.outputId }];

@Resolver()
export class ReadResolver {
  @Query(() => RoundTableConnection, { description: 'The round tables you hold a role in (platform admins: all), by name, a page at a time.' })
  async roundTables(@Args(() => PageArgs) page: PageArgs, @Ctx() context: Context): Promise<Connection<RoundTable>> {
    const viewer = requireViewer(context);
    const rows = (await requireReadModels(context).rows(roundTableTable)) as unknown as RoundTable[];
    const visible = rows.filter((r) => viewer.platformAdmin || viewer.roles.some((g) => g.tenant === r.tenant));
    return pageOf('roundTables', visible, ROUND_TABLES, page);
  }

  @Query(() => RoundTable, { description: 'One round table’s profile.' })
  async roundTable(@Arg('tenant', () => String, { description: 'The round table.' }) tenant: string, @Ctx() context: Context): Promise<RoundTable> {
    requireRole(context, tenant, READERS);
    const [row] = await requireReadModels(context).rows(roundTableTable, { where: '"tenant" = ?', params: [tenant] });
    if (!row) throw notFound(`round table "${tenant}" is not registered`);
    return row as unknown as RoundTable;
  }

  @Query(() => CommitteeMemberConnection, { description: 'The round table’s committee, in order of appointment, a page at a time.' })
  async committee(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
  ): Promise<Connection<CommitteeMember>> {
    requireRole(context, tenant, READERS);
    const rows = await requireReadModels(context).rows(committeeMemberTable, { where: '"tenant" = ?', params: [tenant] });
    return pageOf('committee', rows as unknown as CommitteeMember[], COMMITTEE, page);
  }

  @Query(() => ProgramTemplateConnection, { description: 'The round table’s program templates, by name, a page at a time.' })
  async templates(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
  ): Promise<Connection<ProgramTemplate>> {
    requireRole(context, tenant, READERS);
    const rows = await requireReadModels(context).rows(templateTable, { where: '"tenant" = ?', params: [tenant] });
    return pageOf('templates', rows as unknown as ProgramTemplate[], TEMPLATES, page);
  }

  @Query(() => ProgramConnection, { description: 'The round table’s programs, the last drafted first, a page at a time.' })
  async programs(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Program>> {
    requireRole(context, tenant, READERS);
    return pageOf('programs', (await listPrograms(requireReadModels(context), tenant)) as unknown as Program[], PROGRAMS, page);
  }

  @Query(() => Program, { description: 'One program.' })
  async program(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<Program> {
    requireRole(context, tenant, READERS);
    const [row] = await requireReadModels(context).rows(programTable, { where: '"tenant" = ? and "program_id" = ?', params: [tenant, programId] });
    if (!row) throw notFound(`program ${programId} does not exist in ${tenant}`);
    return row as unknown as Program;
  }

  @Query(() => ApplicationConnection, { description: 'A program’s applications, filtered and searched, in submission order, a page at a time.' })
  async applications(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Arg('status', () => [String], { nullable: true, description: 'Only these statuses.' }) status: string[] | null,
    @Arg('role', () => String, { nullable: true, description: 'mentor or mentee.' }) role: string | null,
    @Arg('tier', () => Int, { nullable: true, description: 'Only this priority tier.' }) tier: number | null,
    @Arg('topic', () => String, { nullable: true, description: 'Only applications naming this topic, method or support.' }) topic: string | null,
    @Arg('search', () => String, { nullable: true, description: 'Words to find in names, affiliations and interests.' }) search: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<Application>> {
    requireRole(context, tenant, READERS);
    if (role && role !== 'mentor' && role !== 'mentee') throw apiError('VALIDATION', `role "${role}" is unknown; use mentor or mentee`);
    if (search && search.length > 200) throw apiError('VALIDATION', 'search for at most 200 characters');
    const size = pageSize(page.first);
    const after = keyAfter('applications', page.after, 2);
    const filter = {
      tenant,
      programId,
      ...(status?.length ? { status } : {}),
      ...(role ? { role: role as 'mentor' | 'mentee' } : {}),
      ...(tier !== null && tier !== undefined ? { tier } : {}),
      ...(topic ? { topic } : {}),
      ...(search ? { search } : {}),
    };
    const db = requireReadModels(context);
    // Only the columns this page shows: the answers (both parts) only when asked for.
    const columns = nodeFields(info);
    if (columns.has('answers')) columns.add('personalAnswers');
    const rows = await listApplications(
      db,
      { ...filter, limit: size + 1, ...(after ? { after: { submittedAt: after[0] as string, applicationId: after[1] as string } } : {}) },
      columns,
    );
    // The first page holds them all, or they are counted when asked for.
    const totalCount = !after && rows.length <= size ? rows.length : () => countApplications(db, filter);
    const items = rows.slice(0, size).map((row) => ({ node: asApplication(row) as unknown as Application, key: [row.submittedAt, row.applicationId] }));
    return connectionOf('applications', items, rows.length > size, totalCount);
  }

  @Query(() => Application, { description: 'One application with every answer.' })
  async application(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('applicationId', () => String, { description: 'The application.' }) applicationId: string,
    @Ctx() context: Context,
  ): Promise<Application> {
    requireRole(context, tenant, READERS);
    const db = requireReadModels(context);
    const [found] = await db.rows(applicationTable, { where: '"tenant" = ? and "application_id" = ?', params: [tenant, applicationId] });
    if (!found) throw notFound(`application ${applicationId} does not exist in ${tenant}`);
    return asApplication(found) as unknown as Application;
  }

  @Query(() => MatchBoard, {
    description: 'A program’s match board: proposals, confirmed, declined, ended, forbidden and fixed pairs, free capacity, match runs.',
  })
  async matchBoard(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<MatchBoard> {
    requireRole(context, tenant, READERS);
    const db = requireReadModels(context);
    const board = await matchBoard(db, tenant, programId);
    const runs = (await db.rows(matchRunTable, { where: '"tenant" = ? and "program_id" = ?', params: [tenant, programId] })) as unknown as {
      requestedAt: string;
    }[];
    return { ...(board as unknown as MatchBoard), runs: runs.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)) as unknown as MatchBoard['runs'] };
  }

  @Query(() => Dashboard, { description: 'A program’s figures: applications per week, match rate, check-in compliance.' })
  async dashboard(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<Dashboard> {
    requireRole(context, tenant, READERS);
    return dashboardWithStatuses(requireReadModels(context), tenant, programId);
  }

  @Query(() => PairConnection, {
    description: 'A program’s confirmed pairs with their check-ins, outputs, completion and recognition, by the mentee’s name, a page at a time.',
  })
  async pairs(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Pair>> {
    requireRole(context, tenant, READERS);
    const db = requireReadModels(context);
    const params = [tenant, programId];
    const [completions, names] = await Promise.all([
      db.rows(completionTable, { where: '"tenant" = ? and "program_id" = ?', params }),
      db.execute<{ applicationId: string; name: string }>(
        'select "application_id" as "applicationId", "name" from "application" where "tenant" = ? and "program_id" = ?',
        params,
      ),
    ]);
    const listed = pageOf('pairs', namedPairs(completions, names), PAIRS, page);
    const named = listed.edges.map((edge) => edge.node);
    const pairs = await withProgress(db, tenant, named);
    return { ...listed, edges: listed.edges.map((edge, i) => ({ cursor: edge.cursor, node: pairs[i] as Pair })) };
  }

  @Query(() => Pair, { description: 'One confirmed pair with its check-ins, outputs, completion and recognition.' })
  async pair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Ctx() context: Context,
  ): Promise<Pair> {
    requireRole(context, tenant, READERS);
    const db = requireReadModels(context);
    const completions = await db.rows(completionTable, { where: '"tenant" = ? and "pair_id" = ?', params: [tenant, pairId] });
    const [found] = completions as unknown as { mentorApplicationId: string; menteeApplicationId: string }[];
    if (!found) throw notFound(`there is no confirmed pair ${pairId} in ${tenant}; pairs appear here once the committee confirms them`);
    const applications = await db.rows(applicationTable, {
      where: '"tenant" = ? and "application_id" in (?, ?)',
      params: [tenant, found.mentorApplicationId, found.menteeApplicationId],
    });
    const [pair] = await withProgress(db, tenant, namedPairs(completions, applications as unknown as { applicationId: string; name: string }[]));
    return pair as Pair;
  }

  @Query(() => OutputConnection, {
    description: 'Public, no sign-in: the publications and presentations a program supported, the latest first, a page at a time.',
  })
  async publicOutputs(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() context: Context,
  ): Promise<Connection<Output>> {
    return pageOf('publicOutputs', (await publicOutputs(requireReadModels(context), tenant, programId)) as unknown as Output[], OUTPUTS, page);
  }

  @Query(() => ApplicationForm, { description: 'Public, no sign-in: the application form of a program, built from its questions.' })
  async applicationForm(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<ApplicationForm> {
    // Public and unauthenticated: the drafted program (one event) and its read-model row, never a
    // fold of every application (0.17 s of CPU per view at 4,000 applications).
    const state = await loadProgramAsDrafted(requireDomain(context), tenant, programId);
    if (state.status === 'none') throw notFound(`there is no program ${programId} in ${tenant}`);
    const db = requireReadModels(context);
    const [[rt], [program]] = await Promise.all([
      db.rows(roundTableTable, { where: '"tenant" = ?', params: [tenant] }),
      db.rows(programTable, { where: '"tenant" = ? and "program_id" = ?', params: [tenant, programId] }),
    ]);
    const window = program as { status?: string; opensAt?: string | null; closesAt?: string | null } | undefined;
    const now = context.services.now().toISOString();
    const template = state.template;
    return {
      roundTableName: (rt as { name?: string } | undefined)?.name ?? tenant.toUpperCase(),
      programTitle: state.title,
      summary: template.summary,
      open: window?.status === 'open' && !!window.opensAt && !!window.closesAt && window.opensAt <= now && now < window.closesAt,
      closesAt: window?.closesAt ?? null,
      core: { ...template.core, capacity: template.capacity },
      questions: template.questions.map((q) => {
        const { id, label, type, appliesTo, required, options, help, ...limits } = q as typeof q & { help?: string };
        return {
          id,
          label,
          type,
          appliesTo,
          required: required ?? false,
          options: options ?? null,
          limits: Object.keys(limits).length ? limits : null,
          help: help ?? null,
        };
      }),
    };
  }
}
