#!/usr/bin/env bash
# Runs the test suite with the application's clock (src/lib/clock.ts) started at several
# instants (TEST_NOW), to prove no test depends on the day or hour it runs. Extra arguments go
# to vitest (a subset of files, say): scripts/test-dates.sh tests/journal tests/diary
# TEST_DATES="2026-09-01T08:00:00+03:00 ..." replaces the list. Exits non-zero if any run fails.
set -uo pipefail
cd "$(dirname "$0")/.."

DEFAULT_DATES=(
  "2026-12-07T00:30:00+03:00" # a Monday just after midnight in Moscow (still Sunday in UTC)
  "2026-12-13T15:00:00+03:00" # a Sunday
  "2026-12-28T16:00:00+03:00" # the last day of the 2nd quarter (the fixture school's)
  "2026-12-31T23:30:00+03:00" # 31 December, late evening (winter holidays)
  "2026-09-01T08:00:00+03:00" # 1 September, the first school day
  "2026-11-03T12:00:00+03:00" # a day in the autumn holidays
)
read -r -a DATES <<< "${TEST_DATES:-${DEFAULT_DATES[*]}}"

failed=()
for at in "${DATES[@]}"; do
  echo "=== TEST_NOW=$at"
  if ! TEST_NOW="$at" npx vitest run "$@"; then failed+=("$at"); fi
done
if ((${#failed[@]})); then
  echo "Тесты не прошли при TEST_NOW: ${failed[*]}"
  exit 1
fi
echo "Все прогоны прошли: ${DATES[*]}"
