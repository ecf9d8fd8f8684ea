/**
 * The permission catalogue as a table (issue 14): every role × entity × action and its scope, in
 * words. src/access/permissions.ts says the same in four-letter cells; this file is where a reader
 * checks who may do what, and any change to a cell must change a line here too.
 *   school    everything of the school          taught    the own teaching load
 *   classes   the classes the user leads        children  the user's children
 *   self      the user's own records            -         nothing
 */
import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  allowedScopes,
  ceilingScope,
  defaultScope,
  ENTITIES,
  NEVER_OPEN,
  type Action,
  type Entity,
  type Scope,
} from "../../src/access/permissions.ts";
import { can, cellKey, reach, roleScope, scopesOf } from "../../src/access/policy.ts";
import { ROLES, type Role } from "../../src/access/roles.ts";
import { actorWith } from "../support/actor.ts";

// prettier-ignore
const TABLE = `
entity             action  ADMIN      DEPUTY     TEACHER    CL_TEACHER SECRETARY  HR         MEDIC      PSYCHOL    TECH       PARENT     STUDENT
school             view    school     school     -          -          -          -          -          -          -          -          -
school             create  -          -          -          -          -          -          -          -          -          -          -
school             update  school     -          -          -          -          -          -          -          -          -          -
school             delete  -          -          -          -          -          -          -          -          -          -          -
year               view    school     school     school     school     school     school     school     school     -          -          -
year               create  school     school     -          -          -          -          -          -          -          -          -
year               update  school     school     -          -          -          -          -          -          -          -          -
year               delete  school     school     -          -          -          -          -          -          -          -          -
room               view    school     school     school     school     school     -          -          -          school     -          -
room               create  school     school     -          -          -          -          -          -          -          -          -
room               update  school     school     -          -          -          -          -          -          -          -          -
room               delete  school     school     -          -          -          -          -          -          -          -          -
subject            view    school     school     school     school     school     -          -          -          -          -          -
subject            create  school     school     -          -          -          -          -          -          -          -          -
subject            update  school     school     -          -          -          -          -          -          -          -          -
subject            delete  school     school     -          -          -          -          -          -          -          -          -
class              view    school     school     school     school     school     -          school     school     -          -          -
class              create  school     school     -          -          -          -          -          -          -          -          -
class              update  school     school     -          -          -          -          -          -          -          -          -
class              delete  school     school     -          -          -          -          -          -          -          -          -
subgroup           view    school     school     school     school     -          -          -          -          -          -          -
subgroup           create  school     school     taught     classes    -          -          -          -          -          -          -
subgroup           update  school     school     taught     classes    -          -          -          -          -          -          -
subgroup           delete  school     school     -          -          -          -          -          -          -          -          -
teaching-load      view    school     school     school     school     -          school     -          -          -          -          -
teaching-load      create  school     school     -          -          -          -          -          -          -          -          -
teaching-load      update  school     school     -          -          -          -          -          -          -          -          -
teaching-load      delete  school     school     -          -          -          -          -          -          -          -          -
assignment-type    view    school     school     school     school     -          -          -          -          -          -          -
assignment-type    create  school     school     -          -          -          -          -          -          -          -          -
assignment-type    update  school     school     -          -          -          -          -          -          -          -          -
assignment-type    delete  school     school     -          -          -          -          -          -          -          -          -
user               view    school     school     -          classes    -          -          -          -          -          -          -
user               create  school     -          -          -          -          -          -          -          -          -          -
user               update  school     -          -          classes    -          -          -          -          -          -          -
user               delete  school     -          -          -          -          -          -          -          -          -          -
audit              view    school     school     -          -          -          -          -          -          -          -          -
audit              create  -          -          -          -          -          -          -          -          -          -          -
audit              update  -          -          -          -          -          -          -          -          -          -          -
audit              delete  -          -          -          -          -          -          -          -          -          -          -
role-grant         view    school     -          -          -          -          -          -          -          -          -          -
role-grant         create  -          -          -          -          -          -          -          -          -          -          -
role-grant         update  school     -          -          -          -          -          -          -          -          -          -
role-grant         delete  -          -          -          -          -          -          -          -          -          -          -
journal            view    school     school     school     school     -          -          -          -          -          -          -
journal            create  -          -          -          -          -          -          -          -          -          -          -
journal            update  school     school     taught     classes    -          -          -          -          -          -          -
journal            delete  -          -          -          -          -          -          -          -          -          -          -
journal-override   view    -          -          -          -          -          -          -          -          -          -          -
journal-override   create  -          -          -          -          -          -          -          -          -          -          -
journal-override   update  school     school     -          -          -          -          -          -          -          -          -
journal-override   delete  -          -          -          -          -          -          -          -          -          -          -
journal-remark     view    school     school     self       -          -          -          -          -          -          -          -
journal-remark     create  school     school     -          -          -          -          -          -          -          -          -
journal-remark     update  school     school     self       -          -          -          -          -          -          -          -
journal-remark     delete  school     school     -          -          -          -          -          -          -          -          -
today              view    -          -          self       self       -          -          -          -          -          -          -
today              create  -          -          -          -          -          -          -          -          -          -          -
today              update  -          -          -          -          -          -          -          -          -          -          -
today              delete  -          -          -          -          -          -          -          -          -          -          -
diary              view    -          -          -          -          -          -          -          -          -          children   self
diary              create  -          -          -          -          -          -          -          -          -          -          -
diary              update  -          -          -          -          -          -          -          -          -          -          -
diary              delete  -          -          -          -          -          -          -          -          -          -          -
diary-print        view    school     school     -          classes    -          -          -          -          -          -          -
diary-print        create  -          -          -          -          -          -          -          -          -          -          -
diary-print        update  -          -          -          -          -          -          -          -          -          -          -
diary-print        delete  -          -          -          -          -          -          -          -          -          -          -
timetable          view    school     school     school     school     school     school     school     school     school     school     school
timetable          create  school     school     -          -          -          -          -          -          -          -          -
timetable          update  school     school     -          -          -          -          -          -          -          -          -
timetable          delete  school     school     -          -          -          -          -          -          -          -          -
student-file       view    school     school     -          classes    school     -          school     school     -          -          -
student-file       create  school     school     -          -          school     -          -          -          -          -          -
student-file       update  school     school     -          classes    school     -          -          -          -          -          -
student-file       delete  school     -          -          -          -          -          -          -          -          -          -
student-medical    view    school     school     -          -          -          -          school     -          -          -          -
student-medical    create  -          -          -          -          -          -          school     -          -          -          -
student-medical    update  -          -          -          -          -          -          school     -          -          -          -
student-medical    delete  -          -          -          -          -          -          school     -          -          -          -
student-social     view    school     school     -          -          -          -          -          school     -          -          -
student-social     create  -          -          -          -          -          -          -          school     -          -          -
student-social     update  -          -          -          -          -          -          -          school     -          -          -
student-social     delete  -          -          -          -          -          -          -          school     -          -          -
parent-card        view    school     school     -          classes    school     -          -          -          -          -          -
parent-card        create  school     -          -          -          school     -          -          -          -          -          -
parent-card        update  school     school     -          classes    school     -          -          -          -          -          -
parent-card        delete  school     -          -          -          -          -          -          -          -          -          -
consent            view    school     school     -          classes    school     -          -          -          -          -          -
consent            create  school     -          -          classes    school     -          -          -          -          -          -
consent            update  school     -          -          classes    school     -          -          -          -          -          -
consent            delete  -          -          -          -          -          -          -          -          -          -          -
account-issue      view    -          -          -          -          -          -          -          -          -          -          -
account-issue      create  school     school     -          classes    school     -          -          -          -          -          -
account-issue      update  -          -          -          -          -          -          -          -          -          -          -
account-issue      delete  -          -          -          -          -          -          -          -          -          -          -
gia                view    school     school     -          classes    school     -          -          -          -          -          -
gia                create  school     school     -          -          -          -          -          -          -          -          -
gia                update  school     school     -          classes    -          -          -          -          -          -          -
gia                delete  school     school     -          -          -          -          -          -          -          -          -
personal-data-log  view    school     -          -          -          -          -          -          -          -          -          -
personal-data-log  create  -          -          -          -          -          -          -          -          -          -          -
personal-data-log  update  -          -          -          -          -          -          -          -          -          -          -
personal-data-log  delete  -          -          -          -          -          -          -          -          -          -          -
movement           view    school     school     -          -          school     -          -          -          -          -          -
movement           create  school     school     -          -          school     -          -          -          -          -          -
movement           update  school     -          -          -          -          -          -          -          -          -          -
movement           delete  school     -          -          -          -          -          -          -          -          -          -
staff-file         view    school     -          -          -          -          school     -          -          -          -          -
staff-file         create  school     -          -          -          -          school     -          -          -          -          -
staff-file         update  school     -          -          -          -          school     -          -          -          -          -
staff-file         delete  school     -          -          -          -          school     -          -          -          -          -
hr-report          view    school     -          -          -          -          school     -          -          -          -          -
hr-report          create  -          -          -          -          -          -          -          -          -          -          -
hr-report          update  -          -          -          -          -          -          -          -          -          -          -
hr-report          delete  -          -          -          -          -          -          -          -          -          -          -
import-staff       view    school     -          -          -          -          school     -          -          -          -          -
import-staff       create  school     -          -          -          -          school     -          -          -          -          -
import-staff       update  -          -          -          -          -          -          -          -          -          -          -
import-staff       delete  -          -          -          -          -          -          -          -          -          -          -
import-students    view    school     -          -          -          school     -          -          -          -          -          -
import-students    create  school     -          -          -          school     -          -          -          -          -          -
import-students    update  -          -          -          -          -          -          -          -          -          -          -
import-students    delete  -          -          -          -          -          -          -          -          -          -          -
report             view    school     school     taught     classes    -          -          -          -          -          -          -
report             create  -          -          -          -          -          -          -          -          -          -          -
report             update  -          -          -          -          -          -          -          -          -          -          -
report             delete  -          -          -          -          -          -          -          -          -          -          -
attendance-report  view    school     school     taught     classes    -          -          school     -          -          -          -
attendance-report  create  -          -          -          -          -          -          -          -          -          -          -
attendance-report  update  -          -          -          -          -          -          -          -          -          -          -
attendance-report  delete  -          -          -          -          -          -          -          -          -          -          -
paper-report       view    school     school     -          classes    -          -          -          -          -          -          -
paper-report       create  -          -          -          -          -          -          -          -          -          -          -
paper-report       update  -          -          -          -          -          -          -          -          -          -          -
paper-report       delete  -          -          -          -          -          -          -          -          -          -          -
activity-report    view    school     school     -          -          -          -          -          -          -          -          -
activity-report    create  -          -          -          -          -          -          -          -          -          -          -
activity-report    update  -          -          -          -          -          -          -          -          -          -          -
activity-report    delete  -          -          -          -          -          -          -          -          -          -          -
substitution-report view  school     school     -          -          -          school     -          -          -          -          -
substitution-report create -          -          -          -          -          -          -          -          -          -          -
substitution-report update -          -          -          -          -          -          -          -          -          -          -
substitution-report delete -          -          -          -          -          -          -          -          -          -          -
medical-report     view    school     school     -          -          -          -          school     -          -          -          -
medical-report     create  -          -          -          -          -          -          -          -          -          -          -
medical-report     update  -          -          -          -          -          -          -          -          -          -          -
medical-report     delete  -          -          -          -          -          -          -          -          -          -          -
social-report      view    school     school     -          -          -          -          -          school     -          -          -
social-report      create  -          -          -          -          -          -          -          -          -          -          -
social-report      update  -          -          -          -          -          -          -          -          -          -          -
social-report      delete  -          -          -          -          -          -          -          -          -          -          -
report-card        view    school     school     -          classes    -          -          -          -          -          children   self
report-card        create  -          -          -          -          -          -          -          -          -          -          -
report-card        update  -          -          -          -          -          -          -          -          -          -          -
report-card        delete  -          -          -          -          -          -          -          -          -          -          -
diagnostic-work    view    school     school     taught     classes    -          -          -          -          -          -          -
diagnostic-work    create  school     school     taught     -          -          -          -          -          -          -          -
diagnostic-work    update  school     school     taught     -          -          -          -          -          -          -          -
diagnostic-work    delete  school     school     taught     -          -          -          -          -          -          -          -
diagnostic-report  view    school     school     -          -          -          -          -          -          -          -          -
diagnostic-report  create  -          -          -          -          -          -          -          -          -          -          -
diagnostic-report  update  -          -          -          -          -          -          -          -          -          -          -
diagnostic-report  delete  -          -          -          -          -          -          -          -          -          -          -
year-close         view    school     school     -          -          -          -          -          -          -          -          -
year-close         create  school     -          -          -          -          -          -          -          -          -          -
year-close         update  -          -          -          -          -          -          -          -          -          -          -
year-close         delete  -          -          -          -          -          -          -          -          -          -          -
academic-debt      view    school     school     -          -          -          -          -          -          -          -          -
academic-debt      create  -          -          -          -          -          -          -          -          -          -          -
academic-debt      update  school     school     -          -          -          -          -          -          -          -          -
academic-debt      delete  -          -          -          -          -          -          -          -          -          -          -
integrity          view    school     school     -          -          -          -          -          -          -          -          -
integrity          create  school     -          -          -          -          -          -          -          -          -          -
integrity          update  -          -          -          -          -          -          -          -          -          -          -
integrity          delete  -          -          -          -          -          -          -          -          -          -          -
announcement       view    school     school     school     school     school     school     school     school     school     school     school
announcement       create  school     school     taught     classes    self       self       self       self       self       -          -
announcement       update  school     self       self       self       self       self       self       self       self       -          -
announcement       delete  school     self       self       self       self       self       self       self       self       -          -
message            view    self       self       self       self       self       self       self       self       self       self       self
message            create  school     school     taught     classes    self       self       self       self       self       children   self
message            update  self       self       self       self       self       self       self       self       self       self       self
message            delete  -          -          -          -          -          -          -          -          -          -          -
message-moderation view    school     -          -          -          -          -          -          -          -          -          -
message-moderation create  -          -          -          -          -          -          -          -          -          -          -
message-moderation update  school     -          -          -          -          -          -          -          -          -          -
message-moderation delete  -          -          -          -          -          -          -          -          -          -          -
notification-log   view    school     -          -          -          -          -          -          -          -          -          -
notification-log   create  -          -          -          -          -          -          -          -          -          -          -
notification-log   update  -          -          -          -          -          -          -          -          -          -          -
notification-log   delete  -          -          -          -          -          -          -          -          -          -          -
server-health      view    school     -          -          -          -          -          -          -          -          -          -
server-health      create  -          -          -          -          -          -          -          -          -          -          -
server-health      update  -          -          -          -          -          -          -          -          -          -          -
server-health      delete  -          -          -          -          -          -          -          -          -          -          -
backup             view    school     -          -          -          -          -          -          -          -          -          -
backup             create  school     -          -          -          -          -          -          -          -          -          -
backup             update  -          -          -          -          -          -          -          -          -          -          -
backup             delete  -          -          -          -          -          -          -          -          -          -          -
curriculum         view    school     school     school     school     school     -          -          -          -          -          -
curriculum         create  school     school     -          -          -          -          -          -          -          -          -
curriculum         update  school     school     -          -          -          -          -          -          -          -          -
curriculum         delete  school     school     -          -          -          -          -          -          -          -          -
thematic-plan      view    school     school     school     school     -          -          -          -          -          -          -
thematic-plan      create  school     school     taught     -          -          -          -          -          -          -          -
thematic-plan      update  school     school     self       -          -          -          -          -          -          -          -
thematic-plan      delete  school     school     self       -          -          -          -          -          -          -          -
plan-review        view    school     school     -          -          -          -          -          -          -          -          -
plan-review        create  -          -          -          -          -          -          -          -          -          -          -
plan-review        update  school     school     -          -          -          -          -          -          -          -          -
plan-review        delete  -          -          -          -          -          -          -          -          -          -          -
program-report     view    school     school     taught     classes    -          -          -          -          -          -          -
program-report     create  -          -          -          -          -          -          -          -          -          -          -
program-report     update  -          -          -          -          -          -          -          -          -          -          -
program-report     delete  -          -          -          -          -          -          -          -          -          -          -
assessment-schedule view    school     school     school     school     school     -          -          -          -          children   self
assessment-schedule create  school     school     taught     -          -          -          -          -          -          -          -
assessment-schedule update  school     school     taught     -          -          -          -          -          -          -          -
assessment-schedule delete  school     school     taught     -          -          -          -          -          -          -          -
api-token          view    school     self       self       self       self       self       self       self       self       self       self
api-token          create  self       self       self       self       self       self       self       self       self       self       self
api-token          update  -          -          -          -          -          -          -          -          -          -          -
api-token          delete  school     self       self       self       self       self       self       self       self       self       self
app-password       view    -          -          -          -          -          -          -          -          -          self       self
app-password       create  -          -          -          -          -          -          -          -          -          self       self
app-password       update  -          -          -          -          -          -          -          -          -          -          -
app-password       delete  -          -          -          -          -          -          -          -          -          self       self
study-group        view    school     school     -          -          -          -          -          -          -          -          -
study-group        create  school     school     -          -          -          -          -          -          -          -          -
study-group        update  school     school     -          -          -          -          -          -          -          -          -
study-group        delete  school     school     -          -          -          -          -          -          -          -          -
graduate-final     view    school     school     -          classes    -          -          -          -          -          -          -
graduate-final     create  -          -          -          -          -          -          -          -          -          -          -
graduate-final     update  school     school     -          classes    -          -          -          -          -          -          -
graduate-final     delete  -          -          -          -          -          -          -          -          -          -          -
gia-report         view    school     school     -          -          -          -          -          -          -          -          -
gia-report         create  -          -          -          -          -          -          -          -          -          -          -
gia-report         update  -          -          -          -          -          -          -          -          -          -          -
gia-report         delete  -          -          -          -          -          -          -          -          -          -          -
reference-list     view    school     school     -          -          -          -          -          -          -          -          -
reference-list     create  school     -          -          -          -          -          -          -          -          -          -
reference-list     update  school     -          -          -          -          -          -          -          -          -          -
reference-list     delete  school     -          -          -          -          -          -          -          -          -          -
methodical-association view school  school     self       self       -          -          -          -          -          -          -
methodical-association create school school     -          -          -          -          -          -          -          -          -
methodical-association update school school     -          -          -          -          -          -          -          -          -
methodical-association delete school school     -          -          -          -          -          -          -          -          -
staff-account-issue view  school     -          -          -          -          school     -          -          -          -          -
staff-account-issue create school     -          -          -          -          school     -          -          -          -          -
staff-account-issue update -          -          -          -          -          -          -          -          -          -          -
staff-account-issue delete -          -          -          -          -          -          -          -          -          -          -
pd-register        view    school     -          -          -          -          school     -          -          -          -          -
pd-register        create  school     -          -          -          -          school     -          -          -          -          -
pd-register        update  school     -          -          -          -          school     -          -          -          -          -
pd-register        delete  -          -          -          -          -          -          -          -          -          -          -
event              view    school     school     school     school     school     school     school     school     school     school     school
event              create  school     school     taught     classes    -          -          -          -          -          -          -
event              update  school     school     self       classes    -          -          -          -          -          -          -
event              delete  school     school     self       classes    -          -          -          -          -          -          -
calendar-feed      view    self       self       self       self       self       self       self       self       self       self       self
calendar-feed      create  self       self       self       self       self       self       self       self       self       self       self
calendar-feed      update  -          -          -          -          -          -          -          -          -          -          -
calendar-feed      delete  self       self       self       self       self       self       self       self       self       self       self
`;

const WORDS: Record<string, Scope> = { school: "school", taught: "taught", classes: "own-classes", children: "own-children", self: "self", "-": "none" };
const rows = TABLE.trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [entity, action, ...cells] = line.trim().split(/\s+/);
    return { entity: entity as Entity, action: action as Action, scopes: cells.map((c) => WORDS[c]) };
  });

describe("the permission catalogue, cell by cell", () => {
  it("the table has one line per entity and action, and every role a column", () => {
    expect(rows.map((r) => `${r.entity} ${r.action}`)).toEqual(ENTITIES.flatMap((e) => ACTIONS.map((a) => `${e} ${a}`)));
    for (const r of rows) expect(r.scopes, `${r.entity} ${r.action}`).toHaveLength(ROLES.length);
  });

  it.each(rows)("$entity $action", ({ entity, action, scopes }) => {
    expect(ROLES.map((role) => defaultScope(role, entity, action))).toEqual(scopes);
  });
});

describe("ceilings and a school's overrides", () => {
  it("parents and students can never be given personal-data sections, medical or social data, staff files or accounts", () => {
    for (const role of ["PARENT", "STUDENT"] as Role[])
      for (const entity of ["student-file", "student-medical", "student-social", "consent", "staff-file", "user", "audit"] as Entity[])
        for (const action of ACTIONS) expect(allowedScopes(role, entity, action), `${role} ${entity} ${action}`).toEqual(["none"]);
    expect(NEVER_OPEN.flatMap((n) => n.entities)).toContain("student-medical");
  });

  it("the diary stays own children / own self for families, whatever a school sets", () => {
    expect(allowedScopes("PARENT", "diary", "view")).toEqual(["none", "own-children"]);
    expect(allowedScopes("STUDENT", "diary", "view")).toEqual(["none", "self"]);
    const parent = actorWith(["PARENT"], { childStudentIds: [7], overrides: new Map([[cellKey("PARENT", "diary", "view"), "school"]]) });
    expect(reach(parent, "view", "diary")).toMatchObject({ all: false, studentIds: [7] });
  });

  it("the lock override stays with deputies and administrators", () => {
    for (const role of ROLES) {
      const ok = role === "ADMIN" || role === "DEPUTY";
      expect(ceilingScope(role, "journal-override", "update") !== "none", role).toBe(ok);
    }
  });

  it("an override narrows a cell: a teacher limited to no journal writes", () => {
    const narrowed = actorWith(["TEACHER"], { overrides: new Map([[cellKey("TEACHER", "journal", "update"), "none"]]) });
    expect(can(actorWith(["TEACHER"]), "update", "journal")).toBe(true);
    expect(can(narrowed, "update", "journal")).toBe(false);
    expect(can(narrowed, "view", "journal")).toBe(true);
  });

  it("an override widens a cell up to its ceiling, never beyond", () => {
    const widened = actorWith(["TEACHER"], { overrides: new Map([[cellKey("TEACHER", "report", "view"), "school"]]) });
    expect(reach(widened, "view", "report").all).toBe(true);
    const beyond = actorWith(["TEACHER"], { overrides: new Map([[cellKey("TEACHER", "staff-file", "view"), "school"]]) });
    expect(roleScope(beyond, "TEACHER", "view", "staff-file")).toBe("none");
    expect(can(beyond, "view", "staff-file")).toBe(false);
  });

  it("a user with several roles has the union of their scopes", () => {
    const both = actorWith(["TEACHER", "PARENT"], { childStudentIds: [3], ledClassIds: [] });
    expect([...scopesOf(both, "view", "diary")]).toEqual(["own-children"]);
    expect(reach(both, "update", "journal").teacherId).toBe(1);
    expect(can(both, "view", "diary") && can(both, "update", "journal")).toBe(true);
    expect(can(undefined, "view", "diary")).toBe(false);
  });
});
