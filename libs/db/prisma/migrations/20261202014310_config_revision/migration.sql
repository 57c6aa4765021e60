-- CreateTable
CREATE TABLE "ConfigRevision" (
    "id" INTEGER NOT NULL,
    "folded" BIGINT NOT NULL DEFAULT 0,
    "epoch" TEXT NOT NULL,

    CONSTRAINT "ConfigRevision_pkey" PRIMARY KEY ("id")
);

-- The one row, with this database's epoch (a restored or recreated database never hands out an old revision
-- again), and the ConfigChange rows written so far already counted as unfolded rows.
INSERT INTO "ConfigRevision" ("id", "epoch") VALUES (0, substr(md5(random()::text || clock_timestamp()::text), 1, 12));
