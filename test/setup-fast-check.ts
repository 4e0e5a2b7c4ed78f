// In CI every property test runs a fixed sequence of cases, so a run's result depends on the code alone;
// elsewhere each run draws new cases (fast-check prints the seed of any failure, to replay it).
import fc from 'fast-check';

if (process.env.CI) fc.configureGlobal({ seed: Number(process.env.FAST_CHECK_SEED ?? 20261122) });
