import { useLiveQuery } from '../core/live-query';
import { type EveryPage, PAGE_SIZE, useEveryPage } from '../core/paging';
import type { MatchPeopleQuery as MatchPeopleResult } from '../gql/graphql';
import { MatchPeopleQuery } from './matching.documents';

export type ProgramPerson = MatchPeopleResult['applications']['edges'][number]['node'];

/**
 * Every applicant of a program by application id, for the names and roles behind the ids on the
 * match board and the proposals: all pages, however many applied, kept live with the applications.
 */
export const useProgramPeople = (tenant: string, programId: string): EveryPage<ProgramPerson> & { people: Map<string, ProgramPerson>; refresh: () => void } => {
  const variables = { tenant, programId, first: PAGE_SIZE };
  const [{ data }, refresh] = useLiveQuery({ query: MatchPeopleQuery, variables, topic: 'applicationsChanged', intervalMs: 10_000 });
  const every = useEveryPage(MatchPeopleQuery, variables, data, (d) => d.applications);
  return { ...every, people: new Map(every.nodes.map((person) => [person.applicationId, person])), refresh };
};
