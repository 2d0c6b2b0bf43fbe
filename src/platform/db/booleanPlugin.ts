import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import type { DatabaseKind } from './database.js';

/**
 * better-sqlite3 refuses JavaScript booleans and returns 0/1. Boolean columns are
 * named is_* / has_* by convention, which lets results be converted back without
 * a per-table type map. PostgreSQL has real booleans and is left alone.
 */
class BooleanToInteger extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const transformed = super.transformValue(node);
    if (typeof transformed.value === 'boolean') return { ...transformed, value: transformed.value ? 1 : 0 };
    return transformed;
  }

  // Multi-row inserts carry their values as a primitive list rather than value nodes.
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    const transformed = super.transformPrimitiveValueList(node);
    return { ...transformed, values: transformed.values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)) };
  }
}

const BOOLEAN_NAME = /^(is|has)[A-Z_]/;

export class BooleanPlugin implements KyselyPlugin {
  readonly #transformer = new BooleanToInteger();
  constructor(private readonly kind: DatabaseKind) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.kind === 'sqlite' ? this.#transformer.transformNode(args.node) : args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.kind !== 'sqlite' || !args.result.rows) return args.result;
    for (const row of args.result.rows) {
      for (const key of Object.keys(row)) {
        if (BOOLEAN_NAME.test(key) && (row[key] === 0 || row[key] === 1)) row[key] = row[key] === 1;
      }
    }
    return args.result;
  }
}
