/**
 * The answers of the «Сетевой город» web API as its clients enforce them (issue 21), as zod
 * schemas: the services return these types and tests/webapi/contract.test.ts checks real answers
 * against them. Dates are exactly «YYYY-MM-DDT00:00:00», ids and marks integers, and the fields the
 * clients read without a check (number, startTime, subjectName, dutyMark) never null.
 */
import { z } from "../../lib/validation.ts";

export const API_DAY = /^\d{4}-\d{2}-\d{2}T00:00:00$/;
export const API_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const day = z.string().regex(API_DAY);
const dateTime = z.string().regex(API_DATE_TIME);
const int = z.number().int();
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);

export const loginDataFormat = z.object({ lt: z.string().min(1), ver: z.string().min(1), salt: z.string().min(1) }).strict();

export const schoolFormat = z.object({ id: int, name: z.string(), shortName: z.string(), addressString: z.string() });
export const schoolsFormat = z.array(schoolFormat);

export const loginFormat = z.object({
  at: z.string().min(1),
  timeOut: int.positive(),
  accountInfo: z.object({
    activeToken: z.null(),
    secureActiveToken: z.boolean(),
    currentOrganization: z.object({ id: int, name: z.string() }),
    user: z.object({ id: int, name: z.string() }),
    userRoles: z.array(z.object({ id: int, name: z.string() })),
  }),
});

export const errorFormat = z.object({ message: z.string().min(1) });

export const diaryInitFormat = z.object({
  students: z.array(z.object({ studentId: int, nickName: z.string(), className: z.string(), classId: int, iupGrade: int })),
  currentStudentId: z.literal(0),
  weekStart: day,
  yaClass: z.boolean(),
  yaClassAuthUrl: z.string().nullable(),
  newDiskToken: z.string(),
  newDiskWasRequest: z.boolean(),
  ttsuRl: z.string(),
  externalUrl: z.string(),
  weight: z.boolean(),
  maxMark: int,
  withLaAssigns: z.boolean(),
});

export const yearFormat = z.object({ id: int, name: z.string(), startDate: day, endDate: day, globalYear: z.object({ id: int }) });

export const assignmentTypesFormat = z.array(z.object({ id: int, name: z.string(), abbr: z.string(), order: int }));

export const assignmentFormat = z.object({
  id: int,
  typeId: int,
  assignmentName: z.string(),
  dueDate: day,
  classMeetingId: int,
  mark: z.object({ assignmentId: int, studentId: int, mark: int, dutyMark: z.boolean() }).optional(),
  markComment: z.object({ id: int, name: z.string() }).optional(),
});

export const lessonFormat = z.object({
  classmeetingId: int,
  day,
  number: int,
  relay: int,
  startTime: hhmm,
  endTime: hhmm,
  subjectName: z.string().min(1),
  room: z.string().nullable(),
  assignments: z.array(assignmentFormat).min(1).optional(),
});

export const diaryFormat = z.object({
  weekStart: day,
  weekEnd: day,
  weekDays: z.array(z.object({ date: day, lessons: z.array(lessonFormat) })),
  laAssigns: z.array(z.never()),
  termName: z.string(),
  className: z.string(),
});

export const assignmentDetailsFormat = z.object({
  id: int,
  assignmentName: z.string(),
  typeId: int,
  weight: int,
  date: day,
  isDeleted: z.boolean(),
  description: z.string(),
  subjectGroup: z.object({ id: int, name: z.string() }),
  teachers: z.array(z.object({ id: int, name: z.string() })).min(1),
});

export const mySettingsFormat = z.object({
  userId: int,
  loginName: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  birthDate: z.union([day, z.literal("")]),
  email: z.string(),
  mobilePhone: z.string(),
  existsPhoto: z.boolean(),
});

export const pastMandatoryFormat = z.array(assignmentFormat.extend({ subjectName: z.string() }));

export const attachmentFormat = z.object({ id: int, name: z.string(), originalFileName: z.string(), description: z.string().nullable() });
export const assignmentAttachmentsFormat = z.array(
  z.object({ assignmentId: int, attachments: z.array(attachmentFormat), answerFiles: z.array(attachmentFormat) }),
);

export const announcementsFormat = z.array(
  z.object({
    id: int,
    name: z.string(),
    description: z.string(),
    postDate: dateTime,
    deleteDate: z.null(),
    author: z.object({ id: int, fio: z.string(), nickName: z.string() }),
    em: z.null(),
    recipientInfo: z.null(),
    attachments: z.array(attachmentFormat),
  }),
);

const text = z.string();
export const schoolCardFormat = z.object({
  commonInfo: z.object({ schoolName: text, fullSchoolName: text, about: text, foundingDate: text, status: text }),
  contactInfo: z.object({ juridicalAddress: text, postAddress: text, email: text, web: text, phones: text, fax: text }),
  managementInfo: z.object({ director: text, principalUVR: text, principalAHC: text, principalIT: text }),
});

export const contextFormat = z.object({
  schoolyear: z.object({ id: int, name: z.string(), startDate: day, endDate: day, globalYear: z.object({ id: int }) }),
  user: z.object({ id: int, name: z.string() }),
  dateFormat: z.string(),
  timeFormat: z.string(),
  schoolId: int,
  roles: z.array(z.string()),
  versionId: z.string(),
});

const filterItem = z.object({ value: z.string(), title: z.string() });
export const studentGradesFormat = z.object({
  filterSources: z.array(z.object({ filterId: z.string(), items: z.array(filterItem), defaultValue: z.string(), nullText: z.null() })),
});
export const initFiltersFormat = z.array(z.object({ filterId: z.literal("period"), range: z.object({ start: day, end: day }) }));

export type DiaryInit = z.infer<typeof diaryInitFormat>;
export type Year = z.infer<typeof yearFormat>;
export type AssignmentTypes = z.infer<typeof assignmentTypesFormat>;
export type Assignment = z.infer<typeof assignmentFormat>;
export type Lesson = z.infer<typeof lessonFormat>;
export type Diary = z.infer<typeof diaryFormat>;
export type AssignmentDetails = z.infer<typeof assignmentDetailsFormat>;
export type MySettings = z.infer<typeof mySettingsFormat>;
export type Announcements = z.infer<typeof announcementsFormat>;
export type SchoolCard = z.infer<typeof schoolCardFormat>;
export type Context = z.infer<typeof contextFormat>;
export type StudentGrades = z.infer<typeof studentGradesFormat>;
export type School = z.infer<typeof schoolFormat>;
