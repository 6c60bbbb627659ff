import { loadProgram } from '@tandem/domain';
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
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { READERS, requireDomain } from '../commands/command';
import { type Context, requireRole, requireViewer } from '../core/context';
import { apiError, notFound } from '../core/errors';
import {
  Application,
  ApplicationConnection,
  ApplicationForm,
  type CheckIn,
  CommitteeMember,
  Dashboard,
  MatchBoard,
  Output,
  Pair,
  Program,
  ProgramTemplate,
  RoundTable,
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

const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
const offsetOf = (cursor: string | null | undefined): number => {
  if (!cursor) return 0;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw apiError('VALIDATION', 'the cursor was not issued by this API; pass pageInfo.endCursor of the previous page');
  return Number(match[1]) + 1;
};

/** Free-text answers are personal data, projected apart; the API shows them with the rest. */
export const withFreeText = <T extends { answers?: unknown; personalAnswers?: unknown }>(row: T): T => ({
  ...row,
  answers: { ...((row.answers as object | null) ?? {}), ...((row.personalAnswers as object | null) ?? {}) },
});

const byKey = <T>(rows: T[], key: (row: T) => string) => new Map(rows.map((r) => [key(r), r]));

/** Pairs from their completion rows, with their check-ins (in date order), outputs and the two names. */
const assemblePairs = (completions: Row[], checkIns: Row[], outputs: Row[], applications: readonly { applicationId: string; name: string }[]): Pair[] => {
  const names = byKey([...applications], (a) => a.applicationId);
  return (completions as unknown as Pair[]).map((c) => ({
    ...c,
    mentorName: names.get(c.mentorApplicationId)?.name ?? null,
    menteeName: names.get(c.menteeApplicationId)?.name ?? null,
    checkIns: (checkIns as unknown as (CheckIn & { pairId: string })[]).filter((k) => k.pairId === c.pairId).sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
    outputs: (outputs as unknown as Output[]).filter((o) => o.pairId === c.pairId),
  }));
};

@Resolver()
export class ReadResolver {
  @Query(() => [RoundTable], { description: 'The round tables you hold a role in (platform admins: all).' })
  async roundTables(@Ctx() context: Context): Promise<RoundTable[]> {
    const viewer = requireViewer(context);
    const rows = (await requireReadModels(context).rows(roundTableTable)) as unknown as RoundTable[];
    return rows.filter((r) => viewer.platformAdmin || viewer.roles.some((g) => g.tenant === r.tenant)).sort((a, b) => a.name.localeCompare(b.name));
  }

  @Query(() => RoundTable, { description: 'One round table’s profile.' })
  async roundTable(@Arg('tenant', () => String, { description: 'The round table.' }) tenant: string, @Ctx() context: Context): Promise<RoundTable> {
    requireRole(context, tenant, READERS);
    const [row] = await requireReadModels(context).rows(roundTableTable, { where: '"tenant" = ?', params: [tenant] });
    if (!row) throw notFound(`round table "${tenant}" is not registered`);
    return row as unknown as RoundTable;
  }

  @Query(() => [CommitteeMember], { description: 'The round table’s committee.' })
  async committee(@Arg('tenant', () => String, { description: 'The round table.' }) tenant: string, @Ctx() context: Context): Promise<CommitteeMember[]> {
    requireRole(context, tenant, READERS);
    const rows = (await requireReadModels(context).rows(committeeMemberTable, { where: '"tenant" = ?', params: [tenant] })) as unknown as CommitteeMember[];
    return rows.sort((a, b) => a.appointedAt.localeCompare(b.appointedAt));
  }

  @Query(() => [ProgramTemplate], { description: 'The round table’s program templates.' })
  async templates(@Arg('tenant', () => String, { description: 'The round table.' }) tenant: string, @Ctx() context: Context): Promise<ProgramTemplate[]> {
    requireRole(context, tenant, READERS);
    return (await requireReadModels(context).rows(templateTable, { where: '"tenant" = ?', params: [tenant] })) as unknown as ProgramTemplate[];
  }

  @Query(() => [Program], { description: 'The round table’s programs.' })
  async programs(@Arg('tenant', () => String, { description: 'The round table.' }) tenant: string, @Ctx() context: Context): Promise<Program[]> {
    requireRole(context, tenant, READERS);
    return (await listPrograms(requireReadModels(context), tenant)) as unknown as Program[];
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
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 200).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: Context,
  ): Promise<ApplicationConnection> {
    requireRole(context, tenant, READERS);
    if (role && role !== 'mentor' && role !== 'mentee') throw apiError('VALIDATION', `role "${role}" is unknown; use mentor or mentee`);
    if (search && search.length > 200) throw apiError('VALIDATION', 'search for at most 200 characters');
    const size = Math.max(1, Math.min(first ?? 50, 200));
    const start = offsetOf(after);
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
    const rows = await listApplications(db, { ...filter, limit: size + 1, offset: start });
    const page = rows.slice(0, size);
    const totalCount = start === 0 && rows.length <= size ? rows.length : await countApplications(db, filter);
    return {
      edges: page.map((row, i) => ({ cursor: cursorOf(start + i), node: withFreeText(row) as unknown as Application })),
      pageInfo: { hasNextPage: rows.length > size, endCursor: page.length ? cursorOf(start + page.length - 1) : null },
      totalCount,
    };
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
    return withFreeText(found) as unknown as Application;
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

  @Query(() => [Pair], { description: 'A program’s confirmed pairs with their check-ins, outputs, completion and recognition.' })
  async pairs(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<Pair[]> {
    requireRole(context, tenant, READERS);
    const db = requireReadModels(context);
    const where = { where: '"tenant" = ? and "program_id" = ?', params: [tenant, programId] };
    const [completions, checkIns, outputs, applications] = await Promise.all([
      db.rows(completionTable, where),
      db.rows(checkInTable, where),
      db.rows(outputTable, where),
      listApplications(db, { tenant, programId, limit: 1000 }),
    ]);
    return assemblePairs(completions, checkIns, outputs, applications).sort((a, b) => (a.menteeName ?? '').localeCompare(b.menteeName ?? ''));
  }

  @Query(() => Pair, { description: 'One confirmed pair with its check-ins, outputs, completion and recognition.' })
  async pair(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('pairId', () => String, { description: 'The pair.' }) pairId: string,
    @Ctx() context: Context,
  ): Promise<Pair> {
    requireRole(context, tenant, READERS);
    const db = requireReadModels(context);
    const where = { where: '"tenant" = ? and "pair_id" = ?', params: [tenant, pairId] };
    const [completions, checkIns, outputs] = await Promise.all([db.rows(completionTable, where), db.rows(checkInTable, where), db.rows(outputTable, where)]);
    const [found] = completions as unknown as { mentorApplicationId: string; menteeApplicationId: string }[];
    if (!found) throw notFound(`there is no confirmed pair ${pairId} in ${tenant}; pairs appear here once the committee confirms them`);
    const applications = await db.rows(applicationTable, {
      where: '"tenant" = ? and "application_id" in (?, ?)',
      params: [tenant, found.mentorApplicationId, found.menteeApplicationId],
    });
    return assemblePairs(completions, checkIns, outputs, applications as unknown as { applicationId: string; name: string }[])[0] as Pair;
  }

  @Query(() => [Output], { description: 'Public, no sign-in: the publications and presentations a program supported.' })
  async publicOutputs(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<Output[]> {
    return (await publicOutputs(requireReadModels(context), tenant, programId)) as unknown as Output[];
  }

  @Query(() => ApplicationForm, { description: 'Public, no sign-in: the application form of a program, built from its questions.' })
  async applicationForm(
    @Arg('tenant', () => String, { description: 'The round table.' }) tenant: string,
    @Arg('programId', () => String, { description: 'The program.' }) programId: string,
    @Ctx() context: Context,
  ): Promise<ApplicationForm> {
    const state = await loadProgram(requireDomain(context), tenant, programId);
    if (state.status === 'none') throw notFound(`there is no program ${programId} in ${tenant}`);
    const [rt] = await requireReadModels(context).rows(roundTableTable, { where: '"tenant" = ?', params: [tenant] });
    const now = context.services.now().toISOString();
    const template = state.template;
    return {
      roundTableName: (rt as { name?: string } | undefined)?.name ?? tenant.toUpperCase(),
      programTitle: state.title,
      summary: template.summary,
      open: state.status === 'open' && !!state.window && state.window.opensAt <= now && now < state.window.closesAt,
      closesAt: state.window?.closesAt ?? null,
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
