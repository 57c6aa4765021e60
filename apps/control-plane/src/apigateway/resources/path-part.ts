import { badRequest, conflict } from '@portico/contracts';
import { LIMITS, checkMaxLength } from '../../common/limits.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

const LITERAL = /^[A-Za-z0-9._\-:,]+$/;
const VARIABLE = /^\{[A-Za-z0-9._-]+\+?\}$/;

export const isVariable = (pathPart: string | null): boolean => pathPart !== null && pathPart.startsWith('{');
export const isGreedy = (pathPart: string | null): boolean => pathPart !== null && pathPart.endsWith('+}');

/** A path part is a literal segment, `{name}` or `{name+}`: parameters are whole segments (spec §1.4). */
export function checkPathPart(pathPart: string): void {
  checkMaxLength(pathPart, LIMITS.pathPart, 'pathPart');
  if (!LITERAL.test(pathPart) && !VARIABLE.test(pathPart)) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
}

export interface Placed {
  id: string;
  pathPart: string | null;
}

/**
 * Whether `pathPart` may live under `parent` next to `siblings` (which exclude the resource itself): not
 * under a greedy variable, no duplicate name, at most one variable child per parent.
 */
export function checkPlacement(parent: Placed, siblings: readonly Placed[], pathPart: string): void {
  if (isGreedy(parent.pathPart)) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  if (siblings.some((s) => s.pathPart === pathPart)) throw conflict(ADMIN_ERRORS.siblingPathPartExists(pathPart));
  if (isVariable(pathPart)) {
    const variable = siblings.find((s) => isVariable(s.pathPart));
    if (variable) throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
  }
}

/** The full path of a child; bounded (LIMITS.resourcePath) so that moving or nesting never outgrows the index. */
export function childPath(parentPath: string, pathPart: string): string {
  const path = parentPath === '/' ? `/${pathPart}` : `${parentPath}/${pathPart}`;
  if (path.length > LIMITS.resourcePath) throw badRequest(`Invalid resource path specified: must be at most ${LIMITS.resourcePath} characters`);
  return path;
}
