import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { FIRST } from './connection';

@ObjectType({ description: 'Where a page of a list ends.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'More items follow.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size (default ${FIRST.default}, at most ${FIRST.max}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

/** A page of a list as the read queries return it (the GraphQL types come from `connectionType`). */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** A promise when counted on demand (see connectionOf). */
  totalCount: number | Promise<number>;
}

/**
 * The `{Node}Connection` and `{Node}Edge` types of a paged list, described in the words given:
 * `one` and `many` name an item and the list ("pair", "pairs"), `total` describes totalCount.
 */
export const connectionType = <T extends object>(node: ClassType<T>, words: { one: string; many: string; total: string }) => {
  @ObjectType(`${node.name}Edge`, { description: `One ${words.one} in a page.` })
  class Edge {
    @Field(() => String, { description: 'This item’s cursor.' })
    cursor!: string;

    @Field(() => node, { description: `The ${words.one}.` })
    node!: T;
  }

  @ObjectType(`${node.name}Connection`, { description: `A page of ${words.many}.` })
  class PagedList implements Connection<T> {
    @Field(() => [Edge], { description: 'The items.' })
    edges!: Edge[];

    @Field(() => PageInfo, { description: 'Paging.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: words.total })
    totalCount!: number | Promise<number>;
  }
  return PagedList;
};
