/**
 * The test run's clock (src/lib/clock.ts). Unless TEST_NOW says otherwise, every test run starts
 * the application's clock at the same instant inside the fixture school's year 2026/2027, so no
 * outcome depends on the day CI runs. `npm run test:dates` runs the suite at other instants.
 * A test that needs a particular day sets it itself (setClock, or lessons relative to today()).
 */
export const DEFAULT_TEST_NOW = "2026-12-09T10:00:00+03:00"; // a Wednesday of the 2nd quarter, 10:00 in Moscow
