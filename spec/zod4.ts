/**
 * Throws a clear error when `schema` comes from zod 3, whose schemas the checker cannot read
 * (a model's folder may have zod 3 installed). Zod 3's schemas have a `_def` and no `_zod`,
 * which zod 4's (and its `zod/v4` export's) all have. `what` names the schema in the message.
 */
export function requireZod4(schema: unknown, what: string): void {
  if (typeof schema !== 'object' || schema === null || !('_def' in schema) || '_zod' in schema) return;
  throw new Error(
    `interleave needs zod 4; found 3.x (${what} is a zod 3 schema). Install zod 4 where the model is (npm install zod@4), or import { z } from 'zod/v4' with zod 3.25`,
  );
}
