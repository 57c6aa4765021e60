-- CreateTable
CREATE TABLE "ConfigRevision" (
    "shard" INTEGER NOT NULL,
    "generation" BIGINT NOT NULL DEFAULT 0,
    "epoch" TEXT NOT NULL,

    CONSTRAINT "ConfigRevision_pkey" PRIMARY KEY ("shard")
);

-- 16 shards, one epoch per database (a restored or recreated database never hands out an old revision again).
INSERT INTO "ConfigRevision" ("shard", "epoch")
SELECT shard, epoch FROM generate_series(0, 15) AS shard, (SELECT substr(md5(random()::text || clock_timestamp()::text), 1, 12) AS epoch) AS e;

-- The statement triggers of migration config_changes now also bump one shard's generation, in the writer's
-- transaction: the stored revision changes with the same commit as the document's inputs. The shard is picked at
-- random and reached through the primary key (no sequential scan: that would take a relation-wide predicate lock,
-- and every two concurrent serializable writers would conflict), so two writers meet on one row 1 time in 16.
CREATE OR REPLACE FUNCTION portico_config_changed() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  -- Drawn once: random() inside the WHERE clause would be evaluated per row (and could match none or several).
  picked integer := floor(random() * 16)::integer;
BEGIN
  INSERT INTO "ConfigChange" DEFAULT VALUES;
  UPDATE "ConfigRevision" SET "generation" = "generation" + 1 WHERE "shard" = picked;
  RETURN NULL;
END;
$$;
