-- Quota counters across Redis restarts (issue 11): the base of the Redis run a counter was persisted in (what
-- the run started from plus admissions replicas folded in), that run's id and the last fold number the base
-- holds. A new run is seeded from the base plus what replicas carry; rows from before have no base, and their
-- count serves as one.
ALTER TABLE "UsageCounter" ADD COLUMN "base" INTEGER;
ALTER TABLE "UsageCounter" ADD COLUMN "run" TEXT;
ALTER TABLE "UsageCounter" ADD COLUMN "fold" INTEGER;
