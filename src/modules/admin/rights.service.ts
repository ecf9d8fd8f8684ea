/**
 * «Права ролей» (001 §4.2.8, 003 §4.1.9): the school's administrator sees the permission catalogue
 * as a matrix and may narrow a cell, or widen it up to its ceiling fixed in code
 * (src/access/permissions.ts allowedScopes). Every change is audited (entity role-grant).
 * A crafted value outside a cell's allowed scopes is refused and nothing is saved.
 */
import type { Actor } from "../../access/actor.ts";
import { ACTIONS, allowedScopes, defaultScope, isAction, isEntity, isScope, type Action, type Entity, type Scope } from "../../access/permissions.ts";
import { assertCan, can, cellKey } from "../../access/policy.ts";
import { isRole, ROLE_NAMES, ROLES, type Role } from "../../access/roles.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { ValidationError } from "../../lib/errors.ts";
import { ACTION_NAMES, ENTITY_GROUPS, ENTITY_NAMES, SCOPE_NAMES, TEXT } from "./rights.text.ts";

export interface RightsCell {
  /** The form field: cell[ROLE|entity|action]. */
  name: string;
  current: Scope;
  defaultScope: Scope;
  options: { value: Scope; label: string }[];
  changed: boolean;
}

/** The school's overrides as cellKey → scope, read from the table (the actor carries the same, read with its session). */
async function overridesOf(schoolId: number): Promise<Map<string, Scope>> {
  const rows = await prisma.roleGrantOverride.findMany({ where: { schoolId } });
  const map = new Map<string, Scope>();
  for (const r of rows) if (isEntity(r.entity) && isAction(r.action) && isScope(r.scope)) map.set(cellKey(r.role, r.entity, r.action), r.scope);
  return map;
}

/** The matrix for the page: groups of entities, a row per action that some role has or could have, a cell per role. */
export async function rightsMatrix(actor: Actor, posted?: Record<string, string>) {
  assertCan(actor, "view", "role-grant");
  const overrides = await overridesOf(actor.schoolId);
  const editable = rightsEditable(actor);
  const groups = ENTITY_GROUPS.map((g) => ({
    title: g.title,
    rows: g.entities.flatMap((entity) =>
      ACTIONS.flatMap((action) => {
        const cells = ROLES.map((role) => cellOf(role, entity, action, overrides, posted));
        if (cells.every((c) => c.options.length === 1 && c.current === "none")) return [];
        return [{ entity, action, label: `${ENTITY_NAMES[entity]}: ${ACTION_NAMES[action]}`, cells }];
      }),
    ),
  })).filter((g) => g.rows.length > 0);
  return { groups, roles: ROLES.map((r) => ({ role: r, name: ROLE_NAMES[r] })), editable, changedCount: overrides.size };
}

function cellOf(role: Role, entity: Entity, action: Action, overrides: Map<string, Scope>, posted?: Record<string, string>): RightsCell {
  const key = cellKey(role, entity, action);
  const def = defaultScope(role, entity, action);
  const allowed = allowedScopes(role, entity, action);
  const stored = overrides.get(key);
  const saved = stored !== undefined && allowed.includes(stored) ? stored : def;
  const typed = posted?.[key];
  const current = typed !== undefined && isScope(typed) ? typed : saved;
  return { name: `cell[${key}]`, current, defaultScope: def, options: allowed.map((s) => ({ value: s, label: SCOPE_NAMES[s] })), changed: saved !== def };
}

export function rightsEditable(actor: Actor): boolean {
  return can(actor, "update", "role-grant");
}

/**
 * The posted cells as key → value: cell[ROLE|entity|action] fields (nested by the form parser, or
 * flat keys in a JSON body). A value that is not one string becomes "" and saveRights refuses it.
 */
export function postedCells(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const nested = body.cell;
  if (nested !== undefined) {
    if (!nested || typeof nested !== "object" || Array.isArray(nested)) out[""] = "";
    else for (const [k, v] of Object.entries(nested as Record<string, unknown>)) out[k] = text(v);
  }
  for (const [k, v] of Object.entries(body)) {
    const m = /^cell\[(.*)\]$/.exec(k);
    if (m) out[m[1]!] = text(v);
  }
  return out;
}

/**
 * Saves the posted matrix in one transaction: a cell set to its default drops the override, any
 * other allowed scope is stored; each change is audited old → new. Throws ValidationError (on the
 * cell's field) for an unknown cell or a scope outside the cell's allowed ones — nothing is saved.
 * Returns the number of changed cells.
 */
export async function saveRights(actor: Actor, cells: Record<string, string>): Promise<number> {
  assertCan(actor, "update", "role-grant");
  const wanted: { role: Role; entity: Entity; action: Action; scope: Scope; key: string }[] = [];
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(cells)) {
    const [role, entity, action] = key.split("|");
    if (!role || !entity || !action || !isRole(role) || !isEntity(entity) || !isAction(action)) {
      errors[`cell[${key}]`] = TEXT.unknownCell;
      continue;
    }
    if (!isScope(value) || !allowedScopes(role, entity, action).includes(value)) {
      errors[`cell[${key}]`] = TEXT.notAllowed;
      continue;
    }
    wanted.push({ role, entity, action, scope: value, key });
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);

  return prisma.$transaction(async (tx) => {
    const rows = await tx.roleGrantOverride.findMany({ where: { schoolId: actor.schoolId } });
    const stored = new Map(rows.map((r) => [cellKey(r.role, r.entity as Entity, r.action as Action), r.scope as Scope]));
    let changed = 0;
    for (const w of wanted) {
      const def = defaultScope(w.role, w.entity, w.action);
      const before = stored.get(w.key) ?? def;
      if (before === w.scope) continue;
      const where = { schoolId_role_entity_action: { schoolId: actor.schoolId, role: w.role, entity: w.entity, action: w.action } };
      if (w.scope === def) await tx.roleGrantOverride.deleteMany({ where: where.schoolId_role_entity_action });
      else
        await tx.roleGrantOverride.upsert({
          where,
          create: { schoolId: actor.schoolId, role: w.role, entity: w.entity, action: w.action, scope: w.scope, updatedById: actor.userId },
          update: { scope: w.scope, updatedById: actor.userId },
        });
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "role-grant",
        entityId: w.key,
        action: "update",
        oldValue: { scope: before },
        newValue: { scope: w.scope },
      });
      changed++;
    }
    return changed;
  });
}

/** Drops every override of the school (back to the catalogue's defaults), audited. Returns how many were dropped. */
export async function resetRights(actor: Actor): Promise<number> {
  assertCan(actor, "update", "role-grant");
  return prisma.$transaction(async (tx) => {
    const rows = await tx.roleGrantOverride.findMany({ where: { schoolId: actor.schoolId } });
    for (const r of rows) {
      await tx.roleGrantOverride.delete({ where: { id: r.id } });
      const key = `${r.role}|${r.entity}|${r.action}`;
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "role-grant",
        entityId: key,
        action: "reset",
        oldValue: { scope: r.scope },
        newValue: { scope: isEntity(r.entity) && isAction(r.action) ? defaultScope(r.role, r.entity, r.action) : "none" },
      });
    }
    return rows.length;
  });
}
