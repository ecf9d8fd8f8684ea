/** Russian texts of the diagnostic works (issue 17). */
export const KIND_NAMES = {
  VPR: "ВПР",
  DIAGNOSTIC: "Диагностическая работа",
  ADMINISTRATIVE: "Административная контрольная работа",
} as const;

export const KIND_OPTIONS = Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }));
